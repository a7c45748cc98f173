import codecs
from datetime import datetime

import pytest

from tests.samples import (
    BODY, FRENCH, JSONLD_PAGE, META_PAGE, RUSSIAN, TIME_PAGE, TITLE, make_gzip, make_json, make_jsonl, make_raw,
)
from transforms.errors import InputRejected
from transforms.ingest.prepare import prepare_input
from transforms.records import make_doc_id

TEXT = f"{TITLE}\n\n{BODY}"
START = "Negotiators met in Geneva"
# name, bytes -> format, encoding, title, published_at, language, dateline_place, text start
FIXTURES = [
    ("utf8.txt", TEXT.encode(), "text", "utf-8", TITLE, None, "en", None, START),
    ("bom.txt", codecs.BOM_UTF8 + TEXT.encode(), "text", "utf-8-sig", TITLE, None, "en", None, START),
    ("utf16.txt", TEXT.encode("utf-16"), "text", "utf-16", TITLE, None, "en", None, START),
    ("utf16be.txt", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "text", "utf-16", TITLE, None, "en", None,
     START),
    ("utf16-nobom.txt", TEXT.encode("utf-16-le"), "text", "utf-16-le", TITLE, None, "en", None, START),
    ("cp1251.txt", f"Переговоры\n\n{RUSSIAN}".encode("cp1251"), "text", "cp1251", "Переговоры", None, "ru", None,
     "Переговорщики встретились"),
    ("cp1252.txt", f"Négociations\n\n{FRENCH}".encode("cp1252"), "text", "cp1252", "Négociations", None, "fr",
     None, "Les négociateurs"),
    ("latin1.txt", f"Négociations\n\n{FRENCH}".encode("latin-1"), "text", "cp1252", "Négociations", None, "fr",
     None, "Les négociateurs"),
    ("mojibake.txt", f"{TITLE}\n\n\u00e2\u20ac\u0153We are close,\u00e2\u20ac\u009d the envoy said in Geneva "
                     "on Wednesday after the talks.".encode(), "text", "utf-8", TITLE, None, "en", None,
     '"We are close," the envoy'),
    ("stamp.txt", f"Updated at 13:53,23-12-2024\n\n{TEXT}".encode(), "text", "utf-8", TITLE,
     datetime(2024, 12, 23, 13, 53), "en", None, START),
    ("story-from.txt", f"{TITLE}\n\nThis story is from March 10, 2002\n\n{BODY}".encode(), "text", "utf-8", TITLE,
     datetime(2002, 3, 10), "en", None, START),
    ("wire.txt", f"{TITLE}\n\nGENEVA, 4 March (Reuters) - {BODY}".encode(), "text", "utf-8", TITLE, None, "en",
     "Geneva", START),
    ("wire-year.txt", f"LONDON, 16 February 2005 (Reuters) - {BODY}".encode(), "text", "utf-8", None,
     datetime(2005, 2, 16), "en", "London", START),
    ("lower.txt", f"{TITLE}\n\nlucknow: {BODY}".encode(), "text", "utf-8", TITLE, None, "en", "Lucknow", START),
    ("a.md", f"---\ntitle: {TITLE}\ndate: 2025-03-05\n---\n# {TITLE}\n\n**{BODY[:11]}**{BODY[11:]}".encode(),
     "markdown", "utf-8",
     TITLE, datetime(2025, 3, 5), "en", None, START),
    ("meta.html", META_PAGE.encode(), "html", "utf-8", TITLE, datetime(2025, 3, 5, 9, 10), "en", None, START),
    ("time.htm", TIME_PAGE.encode(), "html", "utf-8", TITLE, datetime(2024, 11, 20, 8, 30), "en", None, START),
    ("jsonld.html", JSONLD_PAGE.encode("utf-16"), "html", "utf-16", TITLE, datetime(2021, 6, 7, 14, 30), "en",
     None, START),
    ("cp1252.html", META_PAGE.replace("Geneva", "Genève").encode("cp1252"), "html", "cp1252", "Trade talks "
     "resume in Genève", datetime(2025, 3, 5, 9, 10), "en", None, "Negotiators met in Genève"),
    ("a.json", make_json({"headline": TITLE, "articleBody": BODY, "datePublished": "2025-03-05T09:10:00Z"}), "json",
     "utf-8", TITLE, datetime(2025, 3, 5, 9, 10), "en", None, START),
    ("fr.json", make_json({"title": "Négociations", "text": FRENCH}), "json", "utf-8", "Négociations", None, "fr",
     None, "Les négociateurs"),
    ("a.json.gz", make_gzip(make_json({"title": TITLE, "text": f"MINSK, 20 November (BelTA) – {BODY}"})), "json",
     "utf-8", TITLE, None, "en", "Minsk", START),
    ("a.txt.gz", make_gzip(TEXT.encode("cp1252")), "text", "utf-8", TITLE, None, "en", None, START),
    ("a.html.gz", make_gzip(META_PAGE.encode()), "html", "utf-8", TITLE, datetime(2025, 3, 5, 9, 10), "en", None,
     START),
]


@pytest.mark.parametrize("name,data,fmt,encoding,title,published_at,language,place,start", FIXTURES,
                         ids=[f[0] for f in FIXTURES])
def test_every_format_and_encoding(name, data, fmt, encoding, title, published_at, language, place, start):
    (doc,), rejects = prepare_input(make_raw(name, data), max_bytes=100_000)
    assert rejects == []
    got = (doc.source_format, doc.encoding, doc.article.title, doc.article.published_at, doc.language,
           doc.dateline_place)
    assert got == (fmt, encoding, title, published_at, language, place)
    assert doc.article.text.startswith(start)
    assert doc.doc_id == make_doc_id(name, doc.raw.content_sha256) and doc.record is None


def test_multi_record_files_number_their_documents():
    raw = make_raw("feed.jsonl", make_jsonl({"title": "One", "text": BODY}, {"title": "Two"},
                                            {"title": "Three", "text": FRENCH}))
    docs, rejects = prepare_input(raw, max_bytes=100_000)
    assert [(d.record, d.article.title, d.language) for d in docs] == [(1, "One", "en"), (3, "Three", "fr")]
    assert [(r.record, r.reason) for r in rejects] == [(2, "no_text")]
    assert len({d.doc_id for d in docs}) == 2 and all(d.raw.source_path == "feed.jsonl" for d in docs)


@pytest.mark.parametrize("fmt,data", [("json", make_json([{"title": "Empty", "text": "  \u200b "}, {"text": BODY}])),
                                      ("jsonl", make_jsonl({"text": "..."}, {"text": BODY}))])
def test_record_with_no_text_left_is_rejected_alone(fmt, data):
    docs, rejects = prepare_input(make_raw(f"a.{fmt}", data), max_bytes=100_000)
    assert [d.record for d in docs] == [2] and [(r.record, r.reason) for r in rejects] == [(1, "no_text")]


def test_notes_say_why_not_analyzed():
    (doc,), _ = prepare_input(make_raw("fr.txt", FRENCH.encode()), max_bytes=100_000)
    assert not doc.analyzable and doc.notes == (
        "not analyzed: language is 'fr' and the extraction model reads English only",)


def test_single_article_without_text_rejects_the_file():
    with pytest.raises(InputRejected) as info:
        prepare_input(make_raw("a.txt", "\u200b\u200b...\n".encode()), max_bytes=100)
    assert info.value.reason == "no_text"


def test_escaped_lone_surrogates_in_json_are_replaced():
    data = b'{"title": "T \\ud800", "text": "Body \\udc00 text here.", "url": "u\\ud800", "author": "A\\udfff"}'
    (doc,), _ = prepare_input(make_raw("a.json", data), max_bytes=1000)
    assert (doc.article.title, doc.article.text, doc.url, doc.author) == (
        "T \ufffd", "Body \ufffd text here.", "u\ufffd", "A\ufffd")
    assert "text repaired" in doc.notes[-1]
