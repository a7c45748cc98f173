"""An article with its parsed paragraphs, and offsets from tokens to the document text."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH
from spacy.tokens import Doc, Span, Token

from transforms.records import Article, Sentence


@dataclass
class Parsed:
    """Paragraph Docs of one article, with sentence numbering across the whole text.

    Each Doc's token strings and offsets are read once here, as plain lists, from the Doc's arrays and text:
    spaCy builds a new Token object on every `doc[i]` and every pass over a Doc, a new string on every
    `token.text`, and walks the tokens again for every `span.text`.
    """

    article: Article
    docs: tuple[Doc, ...]
    offsets: tuple[int, ...] = field(init=False)
    sentences: tuple[tuple[int, Span], ...] = field(init=False)  # (paragraph_idx, span) in order
    n_words: int = field(init=False)  # tokens that are neither punctuation nor space
    texts: tuple[str, ...] = field(init=False, repr=False)  # each Doc's text
    starts: tuple[list[int], ...] = field(init=False, repr=False)  # each Doc's token offsets in its text
    words: tuple[list[str], ...] = field(init=False, repr=False)  # each Doc's token texts
    lowers: tuple[list[str], ...] = field(init=False, repr=False)  # each Doc's token texts in lower case (lower_)
    _doc_para: dict[int, int] = field(init=False, repr=False)
    _sent_starts: tuple[list[int], ...] = field(init=False, repr=False)  # per Doc: first token of each sentence
    _first_sent: tuple[int, ...] = field(init=False, repr=False)  # per Doc: number of its first sentence

    def __post_init__(self) -> None:
        self.offsets = tuple(self.article.paragraph_offsets())
        self._doc_para = {id(d): i for i, d in enumerate(self.docs)}
        per_doc = [list(d.sents) for d in self.docs]
        self.sentences = tuple((p, s) for p, sents in enumerate(per_doc) for s in sents)
        self._sent_starts = tuple([s.start for s in sents] for sents in per_doc)
        self._first_sent = tuple(sum(len(sents) for sents in per_doc[:p]) for p in range(len(per_doc)))
        self.texts = self.article.paragraphs  # what the Docs were parsed from (a Doc keeps every character)
        arrays = [d.to_array([IDX, LENGTH, IS_PUNCT, IS_SPACE]) for d in self.docs]
        self.starts = tuple(a[:, 0].tolist() for a in arrays)
        self.words = tuple([text[i : i + n] for i, n in zip(starts, a[:, 1].tolist())]
                           for text, starts, a in zip(self.texts, self.starts, arrays))
        self.lowers = tuple([w.lower() for w in words] for words in self.words)
        self.n_words = sum(int(((a[:, 2] | a[:, 3]) == 0).sum()) for a in arrays)

    def para_of(self, item: Token | Span) -> int:
        """Paragraph number of a token or span."""
        return self._doc_para[id(item.doc)]

    def sentence_idx(self, item: Token | Span) -> int:
        """Sentence number (across the text) of a token or span."""
        para, i = self.para_of(item), (item.i if isinstance(item, Token) else item.start)
        return self._first_sent[para] + bisect_right(self._sent_starts[para], i) - 1

    def start(self, item: Token | Span) -> int:
        """Start offset in the article text."""
        local = item.idx if isinstance(item, Token) else item.start_char
        return self.offsets[self.para_of(item)] + local

    def end(self, item: Token | Span) -> int:
        """End offset (exclusive) in the article text."""
        local = item.idx + len(item) if isinstance(item, Token) else item.end_char
        return self.offsets[self.para_of(item)] + local

    def text_of(self, span: Span) -> str:
        """A span's text (as `span.text`, without building its tokens)."""
        return self.texts[self.para_of(span)][span.start_char : span.end_char]

    def para_at(self, char: int) -> int:
        """Paragraph number holding a text offset."""
        return max(0, bisect_right(self.offsets, char) - 1)

    def token_at(self, char: int) -> Token | None:
        """The token covering a text offset (none covers the space after a token)."""
        para = self.para_at(char)
        local, starts = char - self.offsets[para], self.starts[para]
        i = bisect_right(starts, local) - 1
        return self.docs[para][i] if i >= 0 and local < starts[i] + len(self.words[para][i]) else None

    def sentence_records(self) -> list[Sentence]:
        """Sentence rows with offsets into the article text."""
        return [
            Sentence(i, p, self.offsets[p] + s.start_char, self.offsets[p] + s.end_char,
                     self.texts[p][s.start_char : s.end_char])
            for i, (p, s) in enumerate(self.sentences)
        ]
