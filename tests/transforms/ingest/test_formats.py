import json

import pytest

from tests.samples import BODY, JSONLD_PAGE, META_PAGE, TIME_PAGE, TITLE, make_gzip, make_json, make_jsonl, make_page
from transforms.errors import InputRejected
from transforms.ingest.formats import gunzip_bytes, is_supported_name, parse_input, split_front_matter, strip_markdown

MAX = 100_000


def parse(name, data, max_bytes=MAX):
    return parse_input(name, data, max_bytes=max_bytes)


@pytest.mark.parametrize("name,expected", [
    ("a.txt", True), ("a.TXT", True), ("a.md", True), ("a.html", True), ("a.htm", True), ("a.json", True),
    ("a.jsonl", True), ("a.ndjson", True), ("a.json.gz", True), ("a.txt.gz", True), ("a.gz", True),
    ("dir/a.html.gz", True), ("README", True), ("story.2024", True), ("Mr. Smith resigns", True),
    ("a.png", False), ("a.pdf", False), ("a.tar.gz", False), ("a.docx", False), ("a.csv.gz", False),
])
def test_is_supported_name(name, expected):
    assert is_supported_name(name) is expected


# name, bytes -> format, record numbers, titles
FORMATS = [
    ("a.txt", f"{TITLE}\n\n{BODY}".encode(), "text", [None], [None]),
    ("a.md", f"# {TITLE}\n\n{BODY}".encode(), "markdown", [None], [None]),
    ("a.html", META_PAGE.encode(), "html", [None], [TITLE]),
    ("a.htm", TIME_PAGE.encode(), "html", [None], [TITLE]),
    ("page.txt", JSONLD_PAGE.encode(), "html", [None], [TITLE]),  # content beats the extension
    ("page", META_PAGE.encode(), "html", [None], [TITLE]),
    ("a.json", make_json({"headline": TITLE, "body": BODY}), "json", [None], [TITLE]),
    ("b.json", make_json([{"title": "One", "text": BODY}, {"title": "Two", "content": BODY}]), "json", [1, 2],
     ["One", "Two"]),
    ("c.json", make_json({"articles": [{"title": "One", "text": BODY}]}), "json", [1], ["One"]),
    ("d.json", make_jsonl({"title": "One", "text": BODY}, {"title": "Two", "text": BODY}), "jsonl", [1, 2],
     ["One", "Two"]),
    ("a.jsonl", make_jsonl({"title": "One", "text": BODY}, {"title": "Two", "text": BODY}), "jsonl", [1, 2],
     ["One", "Two"]),
    ("b.jsonl", json.dumps({"title": "One", "text": BODY}, indent=2).encode(), "json", [None], ["One"]),
    ("export", make_jsonl({"title": "One", "text": BODY}, {"title": "Two", "text": BODY}), "jsonl", [1, 2],
     ["One", "Two"]),
    ("export", make_jsonl({"title": "One", "text": BODY}), "json", [None], ["One"]),
    ("a.txt.gz", make_gzip(f"{TITLE}\n\n{BODY}".encode()), "text", [None], [None]),
    ("a.html.gz", make_gzip(META_PAGE.encode()), "html", [None], [TITLE]),
    ("a.json.gz", make_gzip(make_json([{"title": "One", "text": BODY}])), "json", [1], ["One"]),
    ("a.jsonl.gz", make_gzip(make_jsonl({"title": "One", "text": BODY})), "jsonl", [1], ["One"]),
    ("a.md.gz", make_gzip(f"# {TITLE}\n\n{BODY}".encode()), "markdown", [None], [None]),
    ("a.gz", make_gzip(make_gzip(META_PAGE.encode())), "html", [None], [TITLE]),
    ("a.txt", "[Photo] not JSON at all, just a story.".encode(), "text", [None], [None]),
    ("a.txt", b"<b>Short</b> story <i>with</i> <em>stray</em> tags.", "html", [None], [None]),
]


def test_markup_without_an_article_is_read_as_text():
    (record,), _ = parse("a.txt", b"<div><div><div>Only story words</div></div></div>")
    assert (record.format, record.body.strip()) == ("text", "Only story words")


@pytest.mark.parametrize("name,data,fmt,records,titles", FORMATS, ids=[f[0] + "-" + f[2] for f in FORMATS])
def test_formats(name, data, fmt, records, titles):
    found, rejects = parse(name, data)
    assert rejects == []
    assert [r.format for r in found] == [fmt] * len(records)
    assert [r.record for r in found] == records
    assert [r.title for r in found] == titles
    assert all("Geneva" in r.body or "story" in r.body for r in found)


@pytest.mark.parametrize("page,published", [
    (META_PAGE, "2025-03-05 09:10:00"),
    (TIME_PAGE, "2024-11-20 08:30:00"),
    (JSONLD_PAGE, "2021-06-07 14:30:00"),
    (make_page(), None),
])
def test_html_date_from_markup(page, published):
    (record,), _ = parse("a.html", page.encode())
    assert (str(record.published_at) if record.published_at else None) == published


def test_html_drops_boilerplate():
    (record,), _ = parse("a.html", JSONLD_PAGE.encode())
    for junk in ("Home", "cookies", "Most read", "Storm hits coast", "Copyright"):
        assert junk not in record.body
    assert record.author == "Jane Roe"
    assert "Negotiators met in Geneva" in record.body


@pytest.mark.parametrize("obj,expected", [
    ({"title": "T", "text": "Body."}, {"title": "T", "body": "Body."}),
    ({"Headline": "T", "articleBody": "Body."}, {"title": "T", "body": "Body."}),
    ({"title": {"rendered": "T &amp; U"}, "content": {"rendered": "<p>One.</p><p>Two.</p>"}},
     {"title": "T &amp; U", "body": "One.\n\nTwo.\n\n"}),
    ({"heading": "T", "body": ["One.", "Two."]}, {"title": "T", "body": "One.\n\nTwo."}),
    ({"title": "T", "summary": "Only a summary."}, {"body": "Only a summary."}),
    ({"text": "Body.", "published_at": "2025-03-05T09:10:00Z"}, {"published_at": "2025-03-05 09:10:00"}),
    ({"text": "Body.", "publishedAt": 1741165800}, {"published_at": "2025-03-05 09:10:00"}),
    ({"text": "Body.", "pubDate": "Wed, 05 Mar 2025 09:10:00 +0000"}, {"published_at": "2025-03-05 09:10:00"}),
    ({"text": "Body.", "date": "March 5, 2025"}, {"published_at": "2025-03-05 00:00:00"}),
    ({"text": "Body.", "date": "soon", "datePublished": "2025-03-05"}, {"published_at": "2025-03-05 00:00:00"}),
    ({"text": "Body.", "url": "https://example.org/a", "author": [{"name": "A"}, {"name": "B"}]},
     {"url": "https://example.org/a", "author": "A, B"}),
    ({"text": "Body.", "link": "https://example.org/b", "byline": "C"},
     {"url": "https://example.org/b", "author": "C"}),
])
def test_json_field_names(obj, expected):
    (record,), _ = parse("a.json", make_json(obj))
    got = {k: getattr(record, k) for k in expected}
    if "published_at" in got:
        got["published_at"] = str(got["published_at"])
    assert got == expected


@pytest.mark.parametrize("name,data,reason", [
    ("a.json", b'{"title": "x", "text": ', "malformed_json"),
    ("a.json", b"[" * 100_000, "malformed_json"),
    ("a.jsonl", b"{nope\n{also nope\n", "malformed_json"),
    ("a.json", b"[]", "no_text"),
    ("a.json", b"42", "no_text"),
    ("a.json", make_json({"title": "Only a title"}), "no_text"),
    ("a.jsonl", make_jsonl({"title": "Only a title"}), "no_text"),
    ("a.gz", make_gzip(b"hello world")[:-6], "corrupt_gzip"),
    ("a.txt.gz", b"\x1f\x8b\x08garbage", "corrupt_gzip"),
    ("a.json.gz", make_gzip(b"{" * 20_000)[:40], "corrupt_gzip"),
    ("bomb.txt.gz", make_gzip(b"a" * (MAX + 1)), "too_large"),
    ("a.html", b"<html><head><title>Nothing here</title></head><body><div></div></body></html>", "no_text"),
    ("a.txt", b"", "empty"),
    ("a.txt.gz", make_gzip(b"   "), "empty"),
    ("a.txt", b"\x00\x01\x02" * 30, "binary"),
])
def test_whole_file_rejects(name, data, reason):
    with pytest.raises(InputRejected) as info:
        parse(name, data)
    assert info.value.reason == reason and info.value.detail and info.value.record is None


def test_single_records_are_rejected_alone():
    data = (json.dumps({"title": "One", "text": BODY}) + "\n{broken\n" + json.dumps({"title": "x"}) + "\n\n"
            + json.dumps({"title": "Four", "text": BODY}) + "\n").encode()
    records, rejects = parse("a.jsonl", data)
    assert [r.record for r in records] == [1, 5]
    assert [(r.record, r.reason) for r in rejects] == [(2, "malformed_json"), (3, "no_text")]
    assert rejects[0].detail.startswith("line 2")


def test_gunzip_reads_every_member():
    assert gunzip_bytes(make_gzip(b"one ") + make_gzip(b"two"), max_bytes=100) == b"one two"


@pytest.mark.parametrize("text_in,text_out", [
    ("# Headline\n\nBody *text* with **bold** and _emphasis_.", "Headline\n\nBody text with bold and emphasis."),
    ("A [link](https://example.org) and ![img](x.png) here.", "A link and  here."),
    ("> quoted line\n- item one\n2. item two", "quoted line\nitem one\nitem two"),
    ("Heading\n=======\n\nsnake_case_name stays", "Heading\n\n\nsnake_case_name stays"),
    ("Use `code` <!-- hidden --> here", "Use code  here"),
])
def test_strip_markdown(text_in, text_out):
    assert strip_markdown(text_in) == text_out


def test_front_matter():
    fields, rest = split_front_matter("---\ntitle: 'A title'\ndate: 2025-03-05\nauthor: Jane Roe\n---\n# A title\nBody")
    assert (fields["title"], str(fields["published_at"]), fields["author"]) == ("A title", "2025-03-05 00:00:00",
                                                                                 "Jane Roe")
    assert rest == "# A title\nBody"
