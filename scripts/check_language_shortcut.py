"""Prove the English shortcut of language detection agrees with py3langid wherever it decides.

Usage: .venv/bin/python scripts/check_language_shortcut.py DIR [DIR ...]
Every .txt file (and the sentences of every .conllu file) under the folders is normalized as newsetl does; where
`is_plainly_english` decides, py3langid must also say English. Prints one JSON line; exits 1 on any difference.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from transforms.ingest import language  # noqa: E402
from transforms.ingest.normalize import parse_article  # noqa: E402


def read_texts(roots: list[Path]) -> Iterator[tuple[str, str]]:
    """(path, text) of every .txt file and every .conllu file (its sentences joined) under the folders."""
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            if path.suffix.lower() == ".txt":
                yield str(path), path.read_text(encoding="utf-8", errors="replace")
            elif path.suffix.lower() == ".conllu":
                lines = path.read_text(encoding="utf-8").splitlines()
                yield str(path), " ".join(line[9:] for line in lines if line.startswith("# text = "))


def main() -> int:
    """Compare the shortcut with py3langid on every text; print the counts and any difference."""
    texts = decided = 0
    differ = []
    for path, raw in read_texts([Path(a) for a in sys.argv[1:]]):
        article = parse_article(raw)
        sample = f"{article.title or ''}\n{article.text}"[: language.SAMPLE_CHARS]
        texts += 1
        if language.is_plainly_english(sample):
            decided += 1
            code, confidence = language._identifier().classify(sample)
            if code != "en" or confidence < language.MIN_CONFIDENCE:
                differ.append({"path": path, "py3langid": code, "confidence": round(confidence, 3)})
    print(json.dumps({"texts": texts, "decided_by_shortcut": decided, "differing": len(differ),
                      "examples": differ[:10]}))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
