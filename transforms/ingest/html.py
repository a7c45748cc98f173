"""HTML pages to article text, headline and date with trafilatura; HTML fragments to plain text with lxml."""

from __future__ import annotations

import logging
import re

import lxml.etree
import lxml.html
import trafilatura

from transforms.errors import InputRejected
from transforms.ingest.timestamps import parse_timestamp

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

# Dates from markup only (meta tags, <time>, JSON-LD, URL): a free-text search takes "Copyright 2025" for one.
_DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S", "original_date": True, "extensive_search": False}
_PAGE = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_TAG = re.compile(r"</?(?:p|div|br|span|a|b|i|em|strong|h[1-6]|ul|ol|li|article|section|table|img|figure)\b[^>]*>",
                  re.I)
MIN_TAGS = 3
_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article",
           "figure", "figcaption", "pre", "ul", "ol", "table")


def looks_like_html(text: str, *, page_only: bool = False) -> bool:
    """A page (doctype, <html>, <head>, <body> first) or, unless page_only, text with several HTML tags."""
    return bool(_PAGE.match(text[:2048])) or (not page_only and len(_TAG.findall(text[:20_000])) >= MIN_TAGS)


def has_markup(text: str) -> bool:
    """Whether text carries any common HTML tag."""
    return _TAG.search(text) is not None


def extract_page(html: str) -> dict[str, object]:
    """Main text, headline, date, author and URL of a page; raise InputRejected when it holds no article text."""
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                          date_extraction_params=_DATE_PARAMS)
    except (ValueError, TypeError, lxml.etree.LxmlError) as exc:
        raise InputRejected("no_text", f"the HTML could not be parsed: {type(exc).__name__}: {exc}") from None
    text = (doc.text or "").strip() if doc is not None else ""
    if not text:
        raise InputRejected("no_text", "the page has no main article text (only navigation or boilerplate)")
    return {"body": text, "title": doc.title, "published_at": parse_timestamp(doc.date),
            "url": doc.url, "author": doc.author}


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a JSON field holding markup): one paragraph per block element."""
    try:
        root = lxml.html.fromstring(f"<div>{fragment}</div>")
    except (ValueError, lxml.etree.LxmlError):
        return fragment
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for el in root.iter(*_BLOCKS):
        el.tail = "\n\n" + (el.tail or "")
    return root.text_content()
