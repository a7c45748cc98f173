from datetime import datetime

import pytest

from transforms.ingest.normalize import (
    is_caption, is_headline, join_wrapped, normalize_newlines, normalize_quotes, normalize_text, normalize_unicode,
    normalize_whitespace, parse_article, parse_body, parse_stamp,
)


@pytest.mark.parametrize("func,text_in,text_out", [
    (normalize_newlines, "a\r\nb\rc\u2028d", "a\nb\nc\nd"),
    (normalize_unicode, "cafe\u0301\u200b", "caf\u00e9"),
    (normalize_quotes, "\u201cYes,\u201d he said \u2018no\u2019 \u00abnon\u00bb", "\"Yes,\" he said 'no' \"non\""),
    (normalize_whitespace, "  a \u00a0 b\t c  \n d ", "a b c\nd"),
    (normalize_text, "\u201cHi\u201d\r\n\u00a0x", "\"Hi\"\nx"),
])
def test_normalize_steps(func, text_in, text_out):
    assert func(text_in) == text_out


@pytest.mark.parametrize("line,expected", [
    ("Updated at 13:53,23-12-2024", datetime(2024, 12, 23, 13, 53)),
    ("Published 23.12.2024 08:05", datetime(2024, 12, 23, 8, 5)),
    ("Posted on 01/02/2023", datetime(2023, 2, 1)),
    ("Updated at 13:53,31-02-2024", None),
    ("Armenia asks for help", None),
    ("This story is from March 10, 2002", datetime(2002, 3, 10)),
    ("This article was published on 10 March 2002", datetime(2002, 3, 10)),
    ("Updated: Mar 10, 2002, 10:43 IST", datetime(2002, 3, 10, 10, 43)),
    ("Published on March 10, 2002 the report said nothing", None),
    ("This story is from the archive", None),
])
def test_parse_stamp(line, expected):
    assert parse_stamp(line) == expected


@pytest.mark.parametrize("line,next_line,expected", [
    ("Jane Doe", "A long first paragraph of the story follows here.", True),
    ("Jane Doe.", "A long first paragraph of the story follows here.", False),
    ("A long line with many many words that is not a caption at all", "short", False),
    ("Jane Doe", None, False),
])
def test_is_caption(line, next_line, expected):
    assert is_caption(line, next_line) is expected


def test_join_wrapped_lines():
    assert join_wrapped(["The minister said that", "talks would go on.", "Next paragraph."]) == [
        "The minister said that talks would go on.", "Next paragraph."]


def test_parse_article_wire_story_shape():
    raw = (
        "Updated at 09:10,05-03-2025\n\nTrade talks resume in Geneva\n\n\nTrade talks resume in Geneva\n"
        "Maria Lopez\nNegotiators met in Geneva on 4 March to resume trade talks, officials said.\n\n"
        "\u201cWe are close,\u201d the envoy said.\n"
    )
    article = parse_article(raw)
    assert article.title == "Trade talks resume in Geneva"
    assert article.published_at == datetime(2025, 3, 5, 9, 10)
    assert article.caption == "Maria Lopez"
    assert article.paragraphs == (
        "Negotiators met in Geneva on 4 March to resume trade talks, officials said.",
        "\"We are close,\" the envoy said.",
    )
    assert "Trade talks resume" not in article.text


def test_parse_article_headline_then_paragraphs():
    article = parse_article("Headline here\n\nFirst paragraph.\n\nSecond paragraph.\n")
    assert (article.title, article.published_at, article.caption) == ("Headline here", None, None)
    assert article.paragraphs == ("First paragraph.", "Second paragraph.")
    assert article.paragraph_offsets() == [0, len("First paragraph.") + 2]


def test_parse_article_single_line_is_body():
    article = parse_article("Only one line of text.")
    assert article.title is None and article.paragraphs == ("Only one line of text.",)


@pytest.mark.parametrize("line,expected", [
    ("Trade talks resume in Geneva", True),
    ("LONDON, 16 February 2005 (Reuters) - Oil prices rose on Wednesday.", False),
    (" ".join(["word"] * 31), False),
])
def test_is_headline(line, expected):
    assert is_headline(line) is expected


def test_parse_article_story_from_line_and_dateline_opening():
    article = parse_article("This story is from March 10, 2002\n\nlucknow: The state government said on Monday.")
    assert (article.title, article.published_at) == (None, datetime(2002, 3, 10))
    assert article.paragraphs == ("lucknow: The state government said on Monday.",)


def test_parse_body_drops_repeated_headline_and_stamp():
    article = parse_body("Talks resume\nUpdated at 09:10,05-03-2025\nNegotiators met.\nThey said\nmore.",
                         title=" Talks\nresume ")
    assert (article.title, article.published_at, article.caption) == ("Talks resume", datetime(2025, 3, 5, 9, 10),
                                                                      None)
    assert article.paragraphs == ("Negotiators met.", "They said more.")
