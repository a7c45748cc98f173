"""Quotes of an article with their speakers."""

from __future__ import annotations

from transforms.extract.link import Linker
from transforms.extract.parsed import Parsed
from transforms.extract.quotes.attribution import find_attribution, find_lead_in, opens_sentence, token_at
from transforms.extract.quotes.spans import find_quote_spans
from transforms.extract.quotes.speakers import SpeakerResolver
from transforms.records import Quote

MIN_QUOTE_WORDS = 4


def extract_quotes(parsed: Parsed, linker: Linker) -> list[Quote]:
    """Quotes of MIN_QUOTE_WORDS or more words, with speakers; an unattributed quote right after another
    (same or next paragraph) continues its speaker."""
    text = parsed.article.text
    spans = find_quote_spans(parsed.article.paragraphs)
    quotes_at = [(s, e) for s, e in spans if len(text[s:e].split()) >= MIN_QUOTE_WORDS]
    linker.quote_spans = quotes_at
    resolver = SpeakerResolver(linker, short_quotes=[sp for sp in spans if sp not in quotes_at])
    bounds = frozenset(p for s, e in quotes_at for p in (s - 1, e))
    quotes: list[Quote] = []
    for n, (start, end) in enumerate(quotes_at):
        head = find_attribution(parsed, start, end, bounds)
        if head is None and opens_sentence(parsed, start):
            head = find_lead_in(parsed, start, quotes[-1].end_char if quotes else 0, spans)
        if head is None and n + 1 < len(quotes_at) and _continues(parsed, end, quotes_at[n + 1][0]):
            head = find_attribution(parsed, *quotes_at[n + 1], bounds)  # '"Part one. / "Part two," he said.'
        cluster, speaker_text = resolver.resolve(head) if head is not None else (None, None)
        if head is not None:
            resolver.note_speaker(head, cluster)
        if head is None and quotes and parsed.para_at(start) - parsed.para_at(quotes[-1].end_char) <= 1:
            cluster, speaker_text = quotes[-1].speaker_cluster, quotes[-1].speaker_text
        para = parsed.para_at(start)
        tok = token_at(parsed.docs[para], start - parsed.offsets[para]) or parsed.docs[para][0]
        quotes.append(Quote(parsed.sentence_idx(tok), start, end, text[start:end], cluster, speaker_text))
    return quotes


def _continues(parsed: Parsed, end: int, next_start: int) -> bool:
    """A quote left open at the end of its paragraph, reopened at the start of the next one."""
    text = parsed.article.text
    para = parsed.para_at(end)
    return (end == len(text) or text[end] != '"') and para + 1 < len(parsed.offsets) \
        and next_start - 1 == parsed.offsets[para + 1]
