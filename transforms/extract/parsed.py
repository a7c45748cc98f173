"""An article with its parsed paragraphs, and offsets from tokens to the document text."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from transforms.records import Article, Sentence


@dataclass
class Parsed:
    """Paragraph Docs of one article, with sentence numbering across the whole text."""

    article: Article
    docs: tuple[Doc, ...]
    offsets: tuple[int, ...] = field(init=False)
    sentences: tuple[tuple[int, Span], ...] = field(init=False)  # (paragraph_idx, span) in order
    _doc_para: dict[int, int] = field(init=False, repr=False)
    _sent_idx: dict[tuple[int, int], int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.offsets = tuple(self.article.paragraph_offsets())
        self._doc_para = {id(d): i for i, d in enumerate(self.docs)}
        sents = [(p, s) for p, d in enumerate(self.docs) for s in d.sents]
        self.sentences = tuple(sents)
        self._sent_idx = {(p, s.start): i for i, (p, s) in enumerate(sents)}

    def para_of(self, item: Token | Span) -> int:
        """Paragraph number of a token or span."""
        return self._doc_para[id(item.doc)]

    def sentence_idx(self, item: Token | Span) -> int:
        """Sentence number (across the text) of a token or span."""
        tok = item if isinstance(item, Token) else item[0]
        return self._sent_idx[(self.para_of(tok), tok.sent.start)]

    def start(self, item: Token | Span) -> int:
        """Start offset in the article text."""
        local = item.idx if isinstance(item, Token) else item.start_char
        return self.offsets[self.para_of(item)] + local

    def end(self, item: Token | Span) -> int:
        """End offset (exclusive) in the article text."""
        local = item.idx + len(item) if isinstance(item, Token) else item.end_char
        return self.offsets[self.para_of(item)] + local

    def para_at(self, char: int) -> int:
        """Paragraph number holding a text offset."""
        return max(0, bisect_right(self.offsets, char) - 1)

    def token_at(self, char: int) -> Token | None:
        """The token covering a text offset."""
        para = self.para_at(char)
        span = self.docs[para].char_span(char - self.offsets[para], char - self.offsets[para] + 1,
                                         alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def sentence_records(self) -> list[Sentence]:
        """Sentence rows with offsets into the article text."""
        return [
            Sentence(i, p, self.start(s), self.end(s), s.text)
            for i, (p, s) in enumerate(self.sentences)
        ]
