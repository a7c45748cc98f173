"""A scheduled run on a big warehouse: build (or reuse) a synthetic warehouse of N documents, add real articles,
run `newsetl run` as a user would, and print one JSON line of timings, memory, files per table and query times.

    python bench/scale.py --docs 1000000 --new 20 --corpus ../shared/corpus/bbc --work /tmp/scale_work

The synthetic warehouse is written through newsetl's own writer (Warehouse.stage and Warehouse.publish, so the
size-tiered merge applies) in chunks of vectorised pyarrow columns: per document about 40 mentions of 12
entities, 20 sentences, 10 co-occurring pairs, 4 events, 3 quotes (naming 1.2 entities besides the speaker on
average), 3 amounts, a random 128-value MinHash and its LSH band keys, and the entity_counts, entity_totals and
pair_totals rows a run writes with them. Entities follow Heaps' law
(a draw names a new entity with probability K*beta*n^(beta-1), else repeats the entity of a random earlier draw:
popular names get more popular). Documents come from JSONL feed
files of 250 records (a feed every 15 minutes); the input folder holds those files as sparse placeholders with
the size and modification time `sources` records (a run only stats unchanged files, never reads them).
The warehouse is cached in --work/wh-N; every measurement runs on a hard-linked copy (published files are never
modified in place, only replaced by rename).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import measure  # noqa: E402
from flows.store.catalog import CACHE_FOOTERS  # noqa: E402
from flows.store.warehouse import Warehouse  # noqa: E402
from schemas import vocab  # noqa: E402
from schemas.tables import TABLES  # noqa: E402
from transforms.ingest.dedup import NUM_PERM, make_band_keys  # noqa: E402
from transforms.load.aggregates import (count_entity_facts, count_pairs, key_values, total_entity_facts,  # noqa: E402
                                        total_facts)
from transforms.load.quoted import add_quoted_entities  # noqa: E402
from transforms.load.resolve import entity_key, make_entity_id  # noqa: E402

FEED_DOCS = 250  # records per feed file
FEED_MINUTES = 15
CHUNK_DOCS = 62_500  # documents per publish of the builder
SLOTS, MENTIONS, SENTENCES, PAIRS, EVENTS, QUOTES, AMOUNTS = 12, 40, 20, 10, 4, 3, 3
PAIR_KEYS = ["entity_id_a", "entity_id_b"]
ABOUT_DOCS = 8192  # documents whose quotes and mentions are joined at once (small joins)
HEAPS_K, HEAPS_BETA = 34.0, 0.6  # entities after n draws ~ K * n^beta
START = datetime(2024, 1, 1)
TYPES = np.array(["PERSON"] * 8 + ["ORG"] * 6 + ["GPE"] * 4 + ["NORP", "LOC"])
SYLLABLES = [a + b for a in "bcdfghklmnprstvz" for b in ("a", "e", "i", "o", "u", "ar", "el", "in", "on", "us")]

# The README's three example queries and the four analyst views, each as the first 100 rows a reader sees.
QUERIES = {
    "who_did_what": """SELECT e.type, e.mode, a.name AS actor, t.name AS target, e.event_date, e.date_precision,
        e.sentence FROM events e LEFT JOIN entities a ON a.entity_id = e.actor_entity_id
        LEFT JOIN entities t ON t.entity_id = e.target_entity_id ORDER BY e.event_date""",
    "who_said_what": """SELECT p.name AS speaker, q.speaker_text AS as_written, q.text
        FROM quotes q LEFT JOIN entities p ON p.entity_id = q.speaker_entity_id""",
    "cooccurring_pairs": "SELECT name_a, name_b, sentences, documents FROM entity_cooccurrence LIMIT 20",
    "entity_summary": "SELECT * FROM entity_summary",
    "entity_cooccurrence": "SELECT * FROM entity_cooccurrence",
    "event_timeline": "SELECT * FROM event_timeline",
    "quotes_by_speaker": "SELECT * FROM quotes_by_speaker",
}
SHOWN_ROWS = 100
QUERY_LIMIT_SECONDS, QUERY_MEMORY = 30.0, "4GB"
RUN_LINE = re.compile(r"run \S+: .* in ([0-9.]+) s; stages (.*)$", re.M)


class Vocabulary:
    """Entities drawn under Heaps' law with preferential repetition."""

    def __init__(self, rng: np.random.Generator):
        self.rng, self.draws, self.n = rng, np.zeros(0, np.int64), 0
        self.ids: list[str] = []
        self.names: list[str] = []
        self.types: list[str] = []

    def draw(self, count: int) -> np.ndarray:
        """Entity numbers of the next count draws."""
        out = np.empty(count, np.int64)
        done = 0
        while done < count:
            step = min(count - done, max(1000, self.n // 4))
            n = self.n + np.arange(1, step + 1)
            p_new = np.minimum(1.0, HEAPS_K * HEAPS_BETA * n ** (HEAPS_BETA - 1))
            new = self.rng.random(step) < p_new
            if self.n == 0:
                new[0] = True
            picks = np.empty(step, np.int64)
            first = len(self.ids)
            picks[new] = first + np.arange(int(new.sum()))
            old = ~new
            if old.any():
                earlier = self.draws if len(self.draws) else picks[new][:1]
                picks[old] = earlier[self.rng.integers(0, len(earlier), int(old.sum()))]
            self.add_entities(int(new.sum()))
            self.draws = np.concatenate([self.draws, picks])
            self.n += step
            out[done:done + step] = picks
            done += step
        return out

    def add_entities(self, count: int) -> None:
        start = len(self.ids)
        for i in range(start, start + count):
            name = self.make_name(i)
            type_ = str(TYPES[i % len(TYPES)])
            self.names.append(name)
            self.types.append(type_)
            self.ids.append(make_entity_id(entity_key(name, type_)))

    def make_name(self, i: int) -> str:
        words, x = [], i + 7919
        for _ in range(2 if i % 3 else 3):
            word = ""
            for _ in range(2 + x % 2):
                word += SYLLABLES[x % len(SYLLABLES)]
                x //= len(SYLLABLES)
            words.append(word.capitalize() or "Ka")
            x = x * 31 + 17
        return " ".join(words) + f" {i:x}".upper() if i >= 160_000 else " ".join(words)


def make_sentence_pool(rng: np.random.Generator, size: int = 50_000) -> list[str]:
    """Sentences of 12 words from a Zipf-distributed word vocabulary."""
    words = np.array(["".join(rng.choice(list("etaoinshrdlucmfwypvbgk"), rng.integers(2, 9)))
                      for _ in range(20_000)])
    ranks = np.minimum(rng.zipf(1.3, (size, 12)) - 1, len(words) - 1)
    return [" ".join(row).capitalize() + "." for row in words[ranks]]


def hex_ids(rng: np.random.Generator, n: int) -> list[str]:
    return [f"{x:016x}" for x in rng.integers(0, 2**63, n, dtype=np.int64).tolist()]


def repeat(values, times: int) -> pa.Array:
    return pa.array(values).take(pa.array(np.repeat(np.arange(len(values)), times)))


def build_chunk(rng, vocab_: Vocabulary, pool: list[str], first: int, n: int, run_id: str, now: datetime,
                new_entities_from: int) -> dict[str, pa.Table]:
    """Every table's rows for documents first .. first+n-1."""
    g = np.arange(first, first + n)
    feed = g // FEED_DOCS
    doc_ids = hex_ids(rng, n)
    doc_id = pa.array(doc_ids)
    published = [START + timedelta(minutes=FEED_MINUTES * int(f)) for f in feed]
    pool_arr = pa.array(pool)
    sentence_pick = rng.integers(0, len(pool), (n, SENTENCES))
    texts = ["\n\n".join(pool[j] for j in row) for row in sentence_pick.tolist()]
    shas = [f"{x:016x}" + "0" * 48 for x in rng.integers(0, 2**63, n, dtype=np.int64).tolist()]
    signatures = rng.integers(0, 2**32, (n, NUM_PERM), dtype=np.int64)
    documents = pa.table({
        "doc_id": doc_id, "source_path": pa.array([f"feeds/{f // 96:05d}/{f % 96:02d}.jsonl" for f in feed.tolist()]),
        "source_record": pa.array(g % FEED_DOCS + 1, pa.int32()), "source_format": pa.array(["jsonl"] * n),
        "encoding": pa.array(["utf-8"] * n), "content_sha256": pa.array([f"{f:064x}" for f in feed.tolist()]),
        "size_bytes": pa.array(np.full(n, FEED_DOCS * 2200)), "mtime_ns": pa.array(feed * 10**9),
        "title": pool_arr.take(pa.array(sentence_pick[:, 0])), "published_at": pa.array(published, pa.timestamp("us")),
        "url": pa.array([f"https://news.example/{d}" for d in doc_ids]), "author": pa.nulls(n, pa.string()),
        "language": pa.array(["en"] * n), "dateline_place": pa.nulls(n, pa.string()),
        "caption": pa.nulls(n, pa.string()), "text": pa.array(texts),
        "n_words": pa.array(np.full(n, SENTENCES * 12), pa.int32()),
        "n_paragraphs": pa.array(np.full(n, SENTENCES), pa.int32()), "analyzed": pa.array(np.ones(n, bool)),
        "notes": pa.array([[]] * n, pa.list_(pa.string())), "duplicate_of": pa.nulls(n, pa.string()),
        "text_sha256": pa.array(shas),
        "minhash": pa.ListArray.from_arrays(pa.array(np.arange(0, (n + 1) * NUM_PERM, NUM_PERM, dtype=np.int32)),
                                            pa.array(signatures.ravel())),
        "run_id": pa.array([run_id] * n), "ingested_at": pa.array([now] * n, pa.timestamp("us")),
    })
    sidx = np.tile(np.arange(SENTENCES), n)
    sentences = pa.table({
        "doc_id": repeat(doc_ids, SENTENCES), "sentence_idx": pa.array(sidx, pa.int32()),
        "paragraph_idx": pa.array(sidx, pa.int32()), "start_char": pa.array(sidx * 80, pa.int32()),
        "end_char": pa.array(sidx * 80 + 78, pa.int32()), "text": pool_arr.take(pa.array(sentence_pick.ravel())),
    })
    slots = vocab_.draw(n * SLOTS).reshape(n, SLOTS)
    ids, names, types = pa.array(vocab_.ids), pa.array(vocab_.names), pa.array(vocab_.types)
    m_slot = rng.integers(0, SLOTS, (n, MENTIONS))
    m_ent = pa.array(np.take_along_axis(slots, m_slot, 1).ravel())
    m_start = np.tile(np.arange(MENTIONS) * 37, n)
    mentions = pa.table({
        "doc_id": repeat(doc_ids, MENTIONS), "entity_id": ids.take(m_ent),
        "sentence_idx": pa.array(m_start // 80, pa.int32()), "start_char": pa.array(m_start, pa.int32()),
        "end_char": pa.array(m_start + 12, pa.int32()), "text": names.take(m_ent), "type": types.take(m_ent),
        "role": pa.nulls(n * MENTIONS, pa.string()),
    })
    x, y = ids.take(pa.array(slots[:, :PAIRS].ravel())), ids.take(pa.array(slots[:, 1:PAIRS + 1].ravel()))
    pairs = pa.table({
        "doc_id": repeat(doc_ids, PAIRS), "sentence_idx": pa.array(np.tile(np.arange(PAIRS), n), pa.int32()),
        "entity_id_a": pc.if_else(pc.less(x, y), x, y), "entity_id_b": pc.if_else(pc.less(x, y), y, x),
    }).filter(pc.not_equal(x, y))
    e_actor = np.take_along_axis(slots, rng.integers(0, SLOTS, (n, EVENTS)), 1).ravel()
    e_target = np.take_along_axis(slots, rng.integers(0, SLOTS, (n, EVENTS)), 1).ravel()
    e_days = (np.repeat(feed, EVENTS) * FEED_MINUTES) // 1440 - rng.integers(0, 3, n * EVENTS)
    e_sentence = rng.integers(0, SENTENCES, n * EVENTS)
    events = pa.table({
        "doc_id": repeat(doc_ids, EVENTS), "event_id": pa.array([f"{d}-e{k}" for d in doc_ids for k in range(EVENTS)]),
        "sentence_idx": pa.array(e_sentence, pa.int32()),
        "type": pa.array(np.array(vocab.EVENT_TYPES)[rng.integers(0, len(vocab.EVENT_TYPES), n * EVENTS)]),
        "trigger": pa.array(np.array(["meet", "sign", "accuse", "visit", "warn"])[rng.integers(0, 5, n * EVENTS)]),
        "actor_entity_id": ids.take(pa.array(e_actor)), "actor_text": names.take(pa.array(e_actor)),
        "target_entity_id": ids.take(pa.array(e_target)), "target_text": names.take(pa.array(e_target)),
        "location_entity_id": pa.nulls(n * EVENTS, pa.string()), "date_text": pa.array(["on Monday"] * (n * EVENTS)),
        "event_date": pa.array((np.datetime64(START.date()) + e_days.astype("timedelta64[D]"))),
        "date_precision": pa.array(["day"] * (n * EVENTS)),
        "mode": pa.array(np.array(vocab.EVENT_MODES)[rng.integers(0, 3, n * EVENTS)]),
        "sentence": pool_arr.take(pa.array(sentence_pick[np.repeat(np.arange(n), EVENTS), e_sentence])),
        "title": pool_arr.take(pa.array(np.repeat(sentence_pick[:, 0], EVENTS))),
        "reported_on": pa.array(np.repeat(np.array(published, "datetime64[D]"), EVENTS)),
        "confidence": pa.array(rng.choice([0.3, 0.5, 0.6, 0.7, 0.8, 0.9], n * EVENTS)),
    })
    q_speaker = np.take_along_axis(slots, rng.integers(0, SLOTS, (n, QUOTES)), 1).ravel()
    q_start = np.tile(np.arange(QUOTES) * 240 + 5, n)
    quotes = pa.table({
        "doc_id": repeat(doc_ids, QUOTES), "quote_id": pa.array([f"{d}-q{k}" for d in doc_ids for k in range(QUOTES)]),
        "sentence_idx": pa.array(q_start // 80, pa.int32()), "start_char": pa.array(q_start, pa.int32()),
        "end_char": pa.array(q_start + 70, pa.int32()),
        "text": pool_arr.take(pa.array(rng.integers(0, len(pool), n * QUOTES))),
        "speaker_entity_id": ids.take(pa.array(q_speaker)), "speaker_text": names.take(pa.array(q_speaker)),
        "published_at": repeat(published, QUOTES).cast(pa.timestamp("us")),
        "title": pool_arr.take(pa.array(np.repeat(sentence_pick[:, 0], QUOTES))),
    })
    quotes = pa.concat_tables([  # what they talk about, as runs compute it (a slice of documents at a time)
        add_quoted_entities(quotes.slice(i * QUOTES, ABOUT_DOCS * QUOTES), mentions.slice(i * MENTIONS,
                                                                                          ABOUT_DOCS * MENTIONS))
        for i in range(0, n, ABOUT_DOCS)])
    a_start = np.tile(np.arange(AMOUNTS) * 300 + 11, n)
    amounts = pa.table({
        "doc_id": repeat(doc_ids, AMOUNTS), "sentence_idx": pa.array(a_start // 80, pa.int32()),
        "value": pa.array(rng.integers(1, 10_000, n * AMOUNTS).astype(float)), "total": pa.nulls(n * AMOUNTS, pa.float64()),
        "object": pa.array(["people"] * (n * AMOUNTS)),
        "unit": pa.array(np.array(["%", "USD", None])[rng.integers(0, 3, n * AMOUNTS)]),
        "start_char": pa.array(a_start, pa.int32()), "text": pa.array(["1,200"] * (n * AMOUNTS)),
    })
    exact = pa.array([int(np.int64(np.uint64(int(s[:16], 16)))) for s in shas], pa.int64())
    bands = make_band_keys(signatures.astype(np.uint64))
    dedup = pa.table({
        "doc_id": repeat(doc_ids, 1 + bands.shape[1]),
        "band": pa.array(np.tile(np.arange(-1, bands.shape[1]), n), pa.int32()),
        "band_key": pa.array(np.column_stack([exact.to_numpy(), bands]).ravel()),
    })
    fresh = range(new_entities_from, len(vocab_.ids))
    entities = pa.table({
        "entity_id": pa.array([vocab_.ids[i] for i in fresh]), "name": pa.array([vocab_.names[i] for i in fresh]),
        "type": pa.array([vocab_.types[i] for i in fresh]), "country_code": pa.nulls(len(fresh), pa.string()),
        "aliases": pa.array([[]] * len(fresh), pa.list_(pa.string())), "first_run_id": pa.array([run_id] * len(fresh)),
        "recorded_at": pa.array([now] * len(fresh), pa.timestamp("us")),
    })
    keys = pa.table({"key": pa.array([entity_key(vocab_.names[i], vocab_.types[i]) for i in fresh]),
                     "entity_id": entities["entity_id"], "recorded_at": entities["recorded_at"]})
    files = np.unique(feed)
    sources = pa.table({
        "source_path": pa.array([f"feeds/{f // 96:05d}/{f % 96:02d}.jsonl" for f in files.tolist()]),
        "content_sha256": pa.array([f"{f:064x}" for f in files.tolist()]),
        "size_bytes": pa.array(np.full(len(files), FEED_DOCS * 2200)), "mtime_ns": pa.array(files * 10**9),
        "n_documents": pa.array(np.full(len(files), FEED_DOCS), pa.int32()),
        "first_run_id": pa.array([run_id] * len(files)), "last_run_id": pa.array([run_id] * len(files)),
        "deleted": pa.array(np.zeros(len(files), bool)), "recorded_at": pa.array([now] * len(files), pa.timestamp("us")),
    })
    runs = pa.table({"run_id": [run_id], "started_at": pa.array([now], pa.timestamp("us")),
                     "finished_at": pa.array([now], pa.timestamp("us")), "status": ["completed"],
                     "n_seen": pa.array([len(files)], pa.int32()), "n_new": pa.array([len(files)], pa.int32()),
                     "n_documents": pa.array([n], pa.int32())})
    return {"documents": documents, "sentences": sentences, "mentions": mentions, "cooccurrences": pairs,
            "events": events, "quotes": quotes, "amounts": amounts, "dedup_keys": dedup, "entities": entities,
            "entity_keys": keys, "sources": sources, "runs": runs}


def conform(name: str, table: pa.Table) -> pa.Table:
    """A table with every declared column (missing ones null), in declared order and types."""
    schema = TABLES[name].arrow_schema
    cols = [table[f.name] if f.name in table.column_names else pa.nulls(table.num_rows, f.type) for f in schema]
    return pa.Table.from_arrays(cols, schema=pa.schema([pa.field(f.name, f.type) for f in schema])).cast(schema)


def build_warehouse(docs: int, wh_dir: Path, inputs: Path, seed: int = 7) -> float:
    """Write the synthetic warehouse and the input folder's placeholders; seconds taken."""
    started = time.perf_counter()
    shutil.rmtree(wh_dir, ignore_errors=True)
    shutil.rmtree(inputs, ignore_errors=True)
    rng = np.random.default_rng(seed)
    vocab_, pool = Vocabulary(rng), make_sentence_pool(rng)
    wh = Warehouse(wh_dir)
    wh.ensure_writable()
    totals = TABLES["entity_totals"].arrow_schema.empty_table()  # every entity's latest totals so far
    pairs = TABLES["pair_totals"].arrow_schema.empty_table()  # and every pair's
    for chunk, first in enumerate(range(0, docs, CHUNK_DOCS)):
        n = min(CHUNK_DOCS, docs - first)
        run_id, now = f"synthetic-{chunk:04d}", START + timedelta(days=chunk)
        known = len(vocab_.ids)
        tables = build_chunk(rng, vocab_, pool, first, n, run_id, now, known)
        tables["entity_counts"] = count_entity_facts(  # the running totals a run writes with its facts
            *(conform(name, tables[name]) for name in ("documents", "mentions", "events", "quotes")))
        touched = pc.is_in(totals["entity_id"], tables["entity_counts"]["entity_id"])
        tables["entity_totals"] = total_entity_facts(  # the new totals of the entities it names, as a run writes
            totals.filter(touched), tables["entity_counts"], TABLES["entity_counts"].arrow_schema.empty_table(), [],
            now)
        totals = pa.concat_tables([totals.filter(pc.invert(touched)), tables["entity_totals"]])
        added = count_pairs(conform("cooccurrences", tables["cooccurrences"]))
        touched = pc.is_in(key_values(pairs, PAIR_KEYS), key_values(added, PAIR_KEYS))
        tables["pair_totals"] = total_facts("pair_totals", pairs.filter(touched), added,
                                            TABLES["pair_totals"].arrow_schema.empty_table(), added.select(PAIR_KEYS)
                                            .slice(0, 0), now)
        pairs = pa.concat_tables([pairs.filter(pc.invert(touched)), tables["pair_totals"]])
        with wh.lock():
            staged = {name: [rel] for name, t in tables.items() if (rel := wh.stage(run_id, name, conform(name, t), 0))}
            wh.publish(run_id, staged)
        print(f"built {first + n:,} documents, {len(vocab_.ids):,} entities, {time.perf_counter() - started:.0f} s",
              file=sys.stderr, flush=True)
    for f in range((docs + FEED_DOCS - 1) // FEED_DOCS):
        path = inputs / f"feeds/{f // 96:05d}/{f % 96:02d}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            fh.truncate(FEED_DOCS * 2200)
        os.utime(path, ns=(f * 10**9, f * 10**9))
    return time.perf_counter() - started


def run_newsetl(inputs: Path, wh: Path, env: dict) -> tuple[float, float, str]:
    """`newsetl run` as a user types it; (wall seconds, peak RSS MB of the process tree, its log)."""
    # --verbose: the line with the run's stage times is a log line (the plain output is a summary since issue 14)
    cmd = [str(ROOT / ".venv/bin/newsetl"), "run", "--input", str(inputs.resolve()), "--warehouse", str(wh.resolve()),
           "--verbose"]
    run = measure(cmd, env)
    return run.seconds, run.peak_rss_mb, run.stdout + run.stderr


def query_ms(wh: Path, repeats: int = 3, limit_seconds: float = QUERY_LIMIT_SECONDS) -> dict[str, float | str]:
    """Median milliseconds of each query's first SHOWN_ROWS rows on a read-only connection (memory capped;
    a query still running after limit_seconds is interrupted and reported as such)."""
    import duckdb

    con = duckdb.connect(str(wh / "newsetl.duckdb"), read_only=True,
                         config={"file_search_path": str(wh), "memory_limit": QUERY_MEMORY})
    con.execute(CACHE_FOOTERS)  # as newsetl's own readers do
    out: dict[str, float | str] = {}
    for name, sql in QUERIES.items():
        times = []
        for _ in range(repeats):
            timer = threading.Timer(limit_seconds, con.interrupt)
            started = time.perf_counter()
            timer.start()
            try:
                con.sql(f"SELECT * FROM ({sql}) LIMIT {SHOWN_ROWS}").fetchall()
            except duckdb.Error as exc:
                out[name] = f"> {limit_seconds * 1000:.0f} (interrupted)" if "nterrupt" in str(exc) \
                    else f"failed: {str(exc).splitlines()[0][:80]}"
                break
            finally:
                timer.cancel()
            times.append((time.perf_counter() - started) * 1000)
        else:
            out[name] = round(statistics.median(times), 1)
    con.close()
    return out


def run_timings(log: str) -> tuple[float, dict[str, float]]:
    """The run's seconds and stage seconds (publish included) from its last log line."""
    match = RUN_LINE.findall(log)
    if not match:
        raise SystemExit(f"no run summary line in the log:\n{log[-2000:]}")
    seconds, stages = match[-1]
    return float(seconds), {k: float(v) for k, v in (part.rsplit(" ", 1) for part in stages.split(", "))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, required=True)
    ap.add_argument("--new", type=int, default=20)
    ap.add_argument("--corpus", type=Path, required=True, help="folder of real articles (e.g. ../shared/corpus/bbc)")
    ap.add_argument("--work", type=Path, required=True, help="cache and scratch folder (keep it outside the repo)")
    ap.add_argument("--build-only", action="store_true", help="build the cached warehouse and stop")
    args = ap.parse_args()
    cache, cache_in = args.work / f"wh-{args.docs}", args.work / f"in-{args.docs}"
    marker = args.work / f"wh-{args.docs}.built.json"
    if not marker.exists():
        seconds = build_warehouse(args.docs, cache, cache_in)
        marker.write_text(json.dumps({"docs": args.docs, "build_seconds": round(seconds, 1)}))
    if args.build_only:
        print(marker.read_text())
        return
    wh, inputs = args.work / f"run-{args.docs}", args.work / f"run-in-{args.docs}"
    for path in (wh, inputs):
        shutil.rmtree(path, ignore_errors=True)
    subprocess.run(["cp", "-al", str(cache), str(wh)], check=True)
    subprocess.run(["cp", "-al", str(cache_in), str(inputs)], check=True)
    articles = sorted(p for p in args.corpus.rglob("*.txt") if p.is_file())[: args.new]
    for i, src in enumerate(articles):
        target = inputs / "new" / f"{i:03d}-{src.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, target)
    env = {**os.environ, "PREFECT_HOME": str(args.work / "prefect-home")}
    total, peak, log = run_newsetl(inputs, wh, env)
    seconds, stages = run_timings(log)
    manifest = json.loads((wh / "manifest.json").read_text())
    print(json.dumps({
        "docs": args.docs, "new": len(articles), "run_seconds": round(seconds, 2), "total_seconds": round(total, 2),
        "peak_rss_mb": round(peak), "stage_seconds": stages,
        "files_per_table": {name: len(files) for name, files in sorted(manifest["tables"].items())},
        "query_ms": query_ms(wh), "build_seconds": json.loads(marker.read_text())["build_seconds"],
    }))


if __name__ == "__main__":
    main()
