"""Direct quotations and their speakers."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from transforms.lexicon import SPEECH_VERBS
from transforms.link import Linker
from transforms.parsed import Parsed
from transforms.records import Quote

MIN_QUOTE_WORDS = 4
ATTRIBUTION_WINDOW = 12  # tokens after a closing mark that may hold "X said"


def find_quote_spans(paragraphs: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of quoted text between ASCII double quotes; a quote may run over paragraphs."""
    spans, pos, open_at = [], 0, None
    for text in paragraphs:
        marks = [i for i, ch in enumerate(text) if ch == '"']
        if open_at is not None and marks and marks[0] == 0:
            marks = marks[1:]  # the reopening mark of a quote continued from the previous paragraph
        elif open_at is not None:
            open_at = None  # the quote was never closed: drop it
        for i in marks:
            if open_at is None:
                open_at = pos + i + 1
            else:
                spans.append((open_at, pos + i))
                open_at = None
        pos += len(text) + 2
    return spans


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _speech_subject(tokens: list[Token]) -> Token | None:
    for tok in tokens:
        if tok.lemma_.lower() in SPEECH_VERBS and tok.pos_ in ("VERB", "AUX"):
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    return child
    return None


def find_speaker(parsed: Parsed, start: int, end: int) -> Token | None:
    """The subject of the speech verb right after a closing mark or right before an opening one."""
    para_end = _para_at(parsed, end)
    doc, offset = parsed.docs[para_end], parsed.offsets[para_end]
    close = _token_at(doc, end - offset)
    if close is not None:
        after = []
        for tok in doc[close.i + 1 : close.i + 1 + ATTRIBUTION_WINDOW]:
            if tok.text == '"':
                break
            after.append(tok)
        subject = _speech_subject(after)
        if subject is not None:
            return subject
    para_start = _para_at(parsed, start)
    doc, offset = parsed.docs[para_start], parsed.offsets[para_start]
    opening = _token_at(doc, start - 1 - offset)
    if opening is not None:
        before = []
        for tok in reversed(doc[opening.sent.start : opening.i]):
            if tok.text == '"':
                break
            before.insert(0, tok)
        return _speech_subject(list(reversed(before)))
    return None


def _para_at(parsed: Parsed, char: int) -> int:
    idx = 0
    for i, off in enumerate(parsed.offsets):
        if off <= char:
            idx = i
    return idx


def extract_quotes(parsed: Parsed, linker: Linker) -> list[Quote]:
    """Quotes of MIN_QUOTE_WORDS or more words, with speakers; an unattributed quote opening the
    paragraph after an attributed one keeps that speaker."""
    text = parsed.article.text
    quotes: list[Quote] = []
    for start, end in find_quote_spans(parsed.article.paragraphs):
        body = text[start:end].strip()
        if len(body.split()) < MIN_QUOTE_WORDS:
            continue
        subject = find_speaker(parsed, start, end)
        cluster, speaker_text = linker.resolve(subject) if subject is not None else (None, None)
        if subject is None and quotes:
            prev = quotes[-1]
            if _para_at(parsed, start) == _para_at(parsed, prev.end_char) + 1 and text[start - 1] == '"' and (
                start - 1 == parsed.offsets[_para_at(parsed, start)]
            ):
                cluster, speaker_text = prev.speaker_cluster, prev.speaker_text
        para = _para_at(parsed, start)
        tok = _token_at(parsed.docs[para], start - parsed.offsets[para]) or parsed.docs[para][0]
        quotes.append(Quote(parsed.sentence_idx(tok), start, end, text[start:end], cluster, speaker_text))
    return quotes
