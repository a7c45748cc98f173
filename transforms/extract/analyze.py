"""One article and its parsed paragraphs to every fact newsetl extracts."""

from __future__ import annotations

from spacy.tokens import Doc

from transforms.extract.amounts import extract_amounts
from transforms.extract.entities import extract_entities
from transforms.extract.events import extract_events
from transforms.extract.link import Linker
from transforms.extract.parsed import Parsed
from transforms.extract.quotes import extract_quotes
from transforms.records import Article, DocumentFacts


def analyze_article(article: Article, docs: tuple[Doc, ...]) -> DocumentFacts:
    """Sentences, entities, mentions, quotes, events and amounts of one article."""
    parsed = Parsed(article, docs)
    entities, mentions = extract_entities(parsed)
    linker = Linker(parsed, entities, mentions)
    quotes = extract_quotes(parsed, linker)
    anchor = article.published_at.date() if article.published_at else None
    events = extract_events(parsed, linker, quotes, anchor)
    return DocumentFacts(
        sentences=tuple(parsed.sentence_records()),
        entities=tuple(entities),
        mentions=tuple(mentions),
        quotes=tuple(quotes),
        events=tuple(events),
        amounts=tuple(extract_amounts(parsed)),
        n_words=parsed.n_words,
    )
