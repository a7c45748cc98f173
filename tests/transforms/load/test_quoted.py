"""What a quote talks about: the mentions wholly inside its span, as written, the speaker's left out."""

import pytest

from transforms.load.quoted import add_quoted_entities
from transforms.load.tables import to_arrow

QUOTE = {"doc_id": "d1", "quote_id": "d1-q0", "sentence_idx": 0, "start_char": 10, "end_char": 50,
         "speaker_entity_id": "SP"}


def mention(start, end, entity, text, doc="d1"):
    return {"doc_id": doc, "entity_id": entity, "sentence_idx": 0, "start_char": start, "end_char": end,
            "text": text}


def about(mentions, quotes=(QUOTE,)):
    table = add_quoted_entities(to_arrow("quotes", list(quotes)), to_arrow("mentions", mentions))
    return [(r["about"], r["about_entity_ids"]) for r in table.to_pylist()]


@pytest.mark.parametrize("mentions,expected", [
    ([], ([], [])),  # names nothing: empty lists, not null
    ([mention(20, 27, "E1", "Armenia")], (["Armenia"], ["E1"])),  # inside
    ([mention(10, 17, "E1", "Armenia"), mention(43, 50, "E2", "Moscow")],  # on both boundaries: inside
     (["Armenia", "Moscow"], ["E1", "E2"])),
    ([mention(5, 12, "E1", "Armenia"), mention(48, 55, "E2", "Moscow")], ([], [])),  # across a boundary
    ([mention(0, 7, "E1", "Armenia"), mention(51, 58, "E2", "Moscow")], ([], [])),  # outside
    ([mention(20, 27, "E1", "Armenia", doc="d2")], ([], [])),  # inside the same span of another document
    ([mention(20, 25, "SP", "Lukas"), mention(30, 37, "E1", "Armenia")], (["Armenia"], ["E1"])),  # speaker left out
    # duplicates: the same text twice once; two texts of one entity both (as written), its id once; sorted
    ([mention(40, 47, "E1", "Armenia"), mention(12, 19, "E1", "Armenia"), mention(25, 38, "E1", "Republic of A"),
      mention(20, 24, "E0", "CSTO")], (["Armenia", "CSTO", "Republic of A"], ["E0", "E1"])),
])
def test_about_lists_the_mentions_inside_the_quote(mentions, expected):
    assert about(mentions) == [expected]


def test_a_quote_without_speaker_keeps_every_mention_and_each_quote_gets_its_own():
    quotes = [QUOTE | {"speaker_entity_id": None}, QUOTE | {"quote_id": "d1-q1", "start_char": 60, "end_char": 90}]
    mentions = [mention(20, 25, "SP", "Lukas"), mention(70, 77, "E1", "Armenia")]
    assert about(mentions, quotes) == [(["Lukas"], ["SP"]), (["Armenia"], ["E1"])]


def test_no_quotes():
    assert about([mention(20, 27, "E1", "Armenia")], quotes=[]) == []
