"""What each quote talks about: the entities named inside its quoted words."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def add_quoted_entities(quotes: pa.Table, mentions: pa.Table) -> pa.Table:
    """The quotes with `about` (the distinct texts, as written, of the mentions lying wholly inside each quote's
    span, sorted) and `about_entity_ids` (those mentions' distinct entity ids, sorted); the speaker's own mentions
    are left out, and a quote naming nothing gets empty lists."""
    q = pa.table({"doc_id": quotes["doc_id"], "row": pa.array(np.arange(quotes.num_rows, dtype=np.int64)),
                  "q_start": quotes["start_char"], "q_end": quotes["end_char"],
                  "speaker": quotes["speaker_entity_id"]})
    m = pa.table({"doc_id": mentions["doc_id"], "mention": pa.array(np.arange(mentions.num_rows, dtype=np.int64)),
                  "m_start": mentions["start_char"], "m_end": mentions["end_char"]})
    pairs = q.join(m, "doc_id", join_type="inner", use_threads=False)  # only row numbers: small rows to filter
    entity = mentions["entity_id"].take(pairs["mention"])
    inside = pc.and_(pc.and_(pc.greater_equal(pairs["m_start"], pairs["q_start"]),
                             pc.less_equal(pairs["m_end"], pairs["q_end"])),
                     pc.invert(pc.fill_null(pc.equal(entity, pairs["speaker"]), False)))
    pairs = pairs.filter(inside)
    rows = pairs["row"]
    lists = {name: list_per_row(quotes.num_rows, rows, mentions[column].take(pairs["mention"]))
             for name, column in (("about", "text"), ("about_entity_ids", "entity_id"))}
    for name, values in lists.items():
        index = quotes.schema.get_field_index(name)
        quotes = quotes.set_column(index, name, values) if index >= 0 else quotes.append_column(name, values)
    return quotes


def list_per_row(n: int, rows: pa.ChunkedArray, values: pa.ChunkedArray) -> pa.ListArray:
    """n lists of strings: list i holds the distinct non-null values paired with row i, sorted."""
    pairs = pa.table({"row": rows, "value": values.cast(pa.string())}).filter(pc.is_valid(values))
    pairs = pairs.group_by(["row", "value"], use_threads=False).aggregate([]) \
        .sort_by([("row", "ascending"), ("value", "ascending")])
    counts = np.bincount(pairs["row"].to_numpy(), minlength=n) if pairs.num_rows else np.zeros(n, np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), pairs["value"].combine_chunks() if pairs.num_rows
                                    else pa.array([], pa.string()))
