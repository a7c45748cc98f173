"""Direct quotations: finding them (spans), their attribution (attribution) and speaker (speakers)."""

from transforms.extract.quotes.extract import MIN_QUOTE_WORDS, extract_quotes
from transforms.extract.quotes.spans import classify_mark, find_quote_spans

__all__ = ["MIN_QUOTE_WORDS", "classify_mark", "extract_quotes", "find_quote_spans"]
