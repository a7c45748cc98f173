"""Amounts: 'X out of Y things', percentages, money, counts of things."""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.attrs import LIKE_NUM
from spacy.tokens import Doc, Token

from transforms.extract.lexicon import CURRENCY_SYMBOLS, CURRENCY_WORDS, MULTIPLIERS, NUMBER_WORDS, PERCENT_WORDS
from transforms.extract.parsed import Parsed
from transforms.records import Amount

TIME_UNITS = frozenset("year years month months week weeks day days hour hours minute minutes second "
                       "seconds decade decades century centuries".split())
_NUMERIC = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")
_SKIP_ENTS = ("DATE", "TIME", "ORDINAL")
_SCALED = re.compile(r"^\d[\d,]*(?:\.\d+)?(?:k|m|mn|bn|tn)$")  # '1.13bn', '400k': one token
_HYPHENS = frozenset("-\u2010\u2011\u2013")


def parse_number(text: str) -> float | None:
    """'1,200' -> 1200.0, 'two' -> 2.0, '3.5bn' -> 3.5e9."""
    t = text.casefold().strip()
    for symbol in CURRENCY_SYMBOLS:
        t = t.removeprefix(symbol)
    m = re.match(r"^([\d,]*\.?\d+)([a-z]*)$", t)
    if m and m.group(1).replace(",", "").replace(".", "").isdigit():
        value = float(m.group(1).replace(",", ""))
        return value * MULTIPLIERS.get(m.group(2), 1.0) if m.group(2) in MULTIPLIERS or not m.group(2) else None
    return float(NUMBER_WORDS[t]) if t in NUMBER_WORDS else None


def _number(tok: Token, *, money: bool = False) -> tuple[float, int] | None:
    """Value of a number token and the index after it, a scale word or suffix included ('639 m', '3 million').

    A lone 'm' after a number scales it only after a currency symbol ('$639m'); elsewhere it is metres.
    """
    low = tok.lower_
    if not (tok.like_num or low in NUMBER_WORDS or low[:1].isdigit() and _SCALED.match(low)):
        return None
    if tok.ent_type_ in _SKIP_ENTS:
        return None
    nxt = tok.i + 1
    if not tok.whitespace_ and nxt < len(tok.doc) and tok.doc[nxt].text in _HYPHENS:
        return None  # part of a compound word: 'one-off', 'five-year'
    value = parse_number(tok.text)
    if value is None:
        return None
    scale = scale_word(tok.doc[nxt]) if nxt < len(tok.doc) else None
    if scale is not None and (money or scale != "m"):
        value *= MULTIPLIERS[scale]
        nxt += 1
    return value, nxt


def find_candidates(doc: Doc, lowers: list[str]) -> list[int]:
    """Indices of the tokens `_number` may read as a number (the other tokens are never built)."""
    like_num = doc.to_array(LIKE_NUM).tolist()
    return [i for i, low in enumerate(lowers) if like_num[i] or low in NUMBER_WORDS or low[:1].isdigit()]


def scale_word(tok: Token) -> str | None:
    """The scale a token names: 'million', 'bn', and 'm.' at the end of a sentence ('$500m.')."""
    word = tok.lower_.removesuffix(".") if tok.lower_ != "." else ""
    return word if word in MULTIPLIERS else None


def _object_noun(tok: Token | None) -> str | None:
    if tok is None or tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ in TIME_UNITS:
        return None
    return tok.lower_


def extract_amounts(parsed: Parsed) -> list[Amount]:
    """Amounts in every sentence."""
    out: list[Amount] = []
    candidates = [find_candidates(doc, lowers) for doc, lowers in zip(parsed.docs, parsed.lowers)]
    for sentence_idx, (para, sent) in enumerate(parsed.sentences):
        doc, words, at, used = sent.doc, parsed.words[para], candidates[para], set()
        for i in at[bisect_left(at, sent.start) : bisect_left(at, sent.end)]:
            if i in used:
                continue
            tok = doc[i]
            prev = doc[i - 1] if i > sent.start else None
            money = prev is not None and words[i - 1] in CURRENCY_SYMBOLS
            num = _number(tok, money=money)
            if num is None:
                continue
            value, nxt = num
            after = doc[nxt : sent.end]
            total = obj = unit = None
            end = nxt
            if money:
                unit, start_tok = CURRENCY_SYMBOLS[prev.text], prev
            else:
                start_tok = tok
            if len(after) >= 3 and after[0].lower_ == "out" and after[1].lower_ == "of" and _number(after[2]):
                total, end = _number(after[2])
                obj = _object_noun(doc[end]) if end < sent.end else None
                end += 1 if obj else 0
            elif len(after) and after[0].lower_ in PERCENT_WORDS:
                unit, end = "%", nxt + 1
                if end < sent.end and doc[end].lower_ == "cent":
                    end += 1
            elif len(after) and after[0].lower_ in CURRENCY_WORDS:
                unit, end = CURRENCY_WORDS[after[0].lower_], nxt + 1
            elif unit is None:
                head = tok.head if tok.dep_ == "nummod" else None
                obj = _object_noun(head)
                if obj is None:
                    continue
                end = max(nxt, head.i + 1)
            used.update(range(tok.i, end))
            span = doc[start_tok.i : end]
            text = span.text.removesuffix(".") if scale_word(span[-1]) else span.text
            out.append(Amount(sentence_idx, value, total, obj, unit, parsed.start(span), text))
    return out
