"""Direct quotations and their speakers."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from transforms.lexicon import SPEECH_VERBS
from transforms.link import Linker
from transforms.parsed import Parsed
from transforms.records import Quote

MIN_QUOTE_WORDS = 4
# Speakers who speak for an organisation: a later bare "the spokesman" is the same organisation's.
SPOKESPEOPLE = frozenset("spokesman spokeswoman spokesperson representative official statement report".split())
ATTRIBUTION_WINDOW = 25  # tokens after a closing mark that may hold "X said"
_OPEN_BEFORE = set(" \t\n([{-\u2013\u2014/")
_CLOSE_AFTER = set(" \t\n.,;:!?)]}-\u2013\u2014/'")


def classify_mark(text: str, i: int) -> str:
    """'open' or 'close' for the ASCII double quote at text[i], from the characters around it."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before in _OPEN_BEFORE and after not in _CLOSE_AFTER - {"-", "'"}:
        return "open"
    if after in _CLOSE_AFTER or before not in _OPEN_BEFORE:
        return "close"
    return "open"


def find_quote_spans(paragraphs: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of quoted text; a quote may run over paragraphs (reopened by a mark at the start of the next).

    A new opening mark before a closing one ends the open quote there (a lost paragraph break); a quote
    never closed ends with its paragraph unless the next paragraph reopens it.
    """
    spans: list[tuple[int, int]] = []
    pos, open_at, prev_end = 0, None, 0
    for text in paragraphs:
        marks = [(i, classify_mark(text, i)) for i, ch in enumerate(text) if ch == '"']
        if open_at is not None:
            if marks and marks[0] == (0, "open"):
                marks = marks[1:]  # reopening mark of a continued quote
            else:
                spans.append((open_at, prev_end))
                open_at = None
        for i, kind in marks:
            if kind == "open":
                if open_at is not None:
                    spans.append((open_at, _rstrip_end(paragraphs, pos, text, i)))
                open_at = pos + i + 1
            elif open_at is not None:
                spans.append((open_at, pos + i))
                open_at = None
        prev_end = pos + len(text)
        pos += len(text) + 2
    if open_at is not None:
        spans.append((open_at, prev_end))
    return [(s, e) for s, e in spans if e > s]


def _rstrip_end(paragraphs, pos: int, text: str, i: int) -> int:
    j = i
    while j > 0 and text[j - 1].isspace():
        j -= 1
    return pos + j


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _subject(verb: Token) -> Token | None:
    """The active subject of a speech verb, inherited through coordination."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
    if verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)
    return None


def _speech_subject(tokens: list[Token]) -> Token | None:
    for tok in tokens:
        if tok.lemma_.lower() in SPEECH_VERBS and tok.pos_ in ("VERB", "AUX"):
            subject = _subject(tok)
            if subject is not None:
                return subject
    return None


def _after_close(doc: Doc, close: Token) -> list[Token]:
    """Tokens after a closing mark up to the end of that sentence or the next quote mark."""
    out = []
    for tok in doc[close.i + 1 : close.i + 1 + ATTRIBUTION_WINDOW]:
        if tok.text == '"':
            break
        if tok.text in (".", "!", "?") and out:
            break
        out.append(tok)
    return out


def _before_open(doc: Doc, opening: Token) -> list[Token]:
    """Tokens of the opening mark's sentence before it, back to a previous quote mark."""
    out = []
    for tok in reversed(doc[opening.sent.start : opening.i]):
        if tok.text == '"':
            break
        out.insert(0, tok)
    return out


def find_speaker(parsed: Parsed, start: int, end: int) -> Token | None:
    """The subject of the speech verb introducing a quote ('X said:') or following it ('," X said')."""
    para = parsed.para_at(start)
    doc, offset = parsed.docs[para], parsed.offsets[para]
    opening = _token_at(doc, start - 1 - offset)
    before = _before_open(doc, opening) if opening is not None else []
    introduced = before and before[-1].text in (":", ",")
    if introduced and (subject := _speech_subject(list(reversed(before)))) is not None:
        return subject
    para_end = parsed.para_at(end)
    doc_end = parsed.docs[para_end]
    close = _token_at(doc_end, end - parsed.offsets[para_end])
    if close is not None and close.text == '"':
        subject = _speech_subject(_after_close(doc_end, close))
        if subject is not None:
            return subject
    return _speech_subject(list(reversed(before))) if before else None


def extract_quotes(parsed: Parsed, linker: Linker) -> list[Quote]:
    """Quotes of MIN_QUOTE_WORDS or more words, with speakers; an unattributed quote right after an
    attributed one (same or next paragraph) keeps that speaker."""
    text = parsed.article.text
    spans = [(s, e) for s, e in find_quote_spans(parsed.article.paragraphs) if len(text[s:e].split()) >= MIN_QUOTE_WORDS]
    linker.quote_spans = spans
    quotes: list[Quote] = []
    by_role: dict[str, int] = {}  # "spokesman" -> the organisation an earlier "X spokesman" spoke for
    for start, end in spans:
        subject = find_speaker(parsed, start, end)
        cluster, speaker_text = linker.resolve(subject, prefer_person=True) if subject is not None else (None, None)
        if subject is not None and subject.lemma_.lower() in SPOKESPEOPLE:
            if cluster is not None:
                by_role[subject.lemma_.lower()] = cluster
            else:
                cluster = by_role.get(subject.lemma_.lower())
        if subject is None and quotes and parsed.para_at(start) - parsed.para_at(quotes[-1].end_char) <= 1:
            cluster, speaker_text = quotes[-1].speaker_cluster, quotes[-1].speaker_text
        para = parsed.para_at(start)
        tok = _token_at(parsed.docs[para], start - parsed.offsets[para]) or parsed.docs[para][0]
        quotes.append(Quote(parsed.sentence_idx(tok), start, end, text[start:end], cluster, speaker_text))
    return quotes
