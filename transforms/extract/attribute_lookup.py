"""The model's attribute_ruler as a cached lookup: the same token attributes, without running its Matcher.

The ruler's patterns test a token's LOWER, TAG, DEP and IS_SPACE values against constants, so which patterns
match a token depends on those values alone: that answer is computed once per distinct combination and reused
(about 11% of the pipeline's CPU was the Matcher evaluating 179 patterns token by token). A model whose patterns
use anything else (operators, other predicates) keeps its ruler.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.attrs import IDS
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs  # the setter AttributeRuler itself applies

STRING_ATTRS = {"ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA", "ENT_TYPE", "SHAPE"}
ALIASES = {"TEXT": "ORTH"}


class Unsupported(ValueError):
    """A pattern uses something the lookup does not evaluate."""


@dataclass(frozen=True)
class Test:
    """One token of one pattern: value tests on attribute columns."""

    checks: tuple[tuple[int, str, object], ...]  # (column, "eq" | "in" | "not_in" | "regex", operand)

    def passes(self, row: tuple[int, ...], strings) -> bool:
        """Whether a token whose column values are `row` matches."""
        for column, kind, operand in self.checks:
            value = row[column]
            if kind == "eq":
                ok = value == operand
            elif kind == "in":
                ok = value in operand
            elif kind == "not_in":
                ok = value not in operand
            else:
                ok = bool(operand.search(strings[value]))
            if not ok:
                return False
        return True


@dataclass(frozen=True)
class Rule:
    """One alternative of one ruler entry: its token tests, the token it sets, and the entry's number."""

    number: int
    tests: tuple[int, ...]  # indices into AttributeRules.tests, one per pattern token
    target: int  # position in the matched span of the token that gets the attributes


@dataclass
class AttributeRules:
    """A ruler's patterns compiled to token tests over a few attribute columns."""

    columns: tuple[int, ...]
    tests: list[Test]
    singles: list[Rule]
    multis: list[Rule]
    attrs: list[dict]  # normalized attributes of each entry, by number
    keyed: dict[tuple[int, int], frozenset[int]] = field(init=False)  # (column, value): tests needing it
    unkeyed: frozenset[int] = field(init=False)  # tests without an equality check
    single_of: dict[int, int] = field(init=False)  # test of a one-token pattern: its entry's number
    multi_of: dict[int, tuple[Rule, ...]] = field(init=False)  # first test of multi-token patterns: the rules

    def __post_init__(self) -> None:
        keyed: dict[tuple[int, int], set[int]] = {}
        unkeyed = set()
        for i, test in enumerate(self.tests):
            first = next(((c, v) for c, kind, v in test.checks if kind == "eq"), None)
            if first is None:
                unkeyed.add(i)
            else:
                keyed.setdefault(first, set()).add(i)
        self.keyed = {k: frozenset(v) for k, v in keyed.items()}
        self.unkeyed = frozenset(unkeyed)
        self.single_of = {r.tests[0]: r.number for r in self.singles}
        self.multi_of = {}
        for r in self.multis:
            self.multi_of[r.tests[0]] = (*self.multi_of.get(r.tests[0], ()), r)


def compile_rules(ruler: AttributeRuler) -> AttributeRules:
    """The ruler's patterns as token tests; Unsupported if one uses operators or other predicates."""
    columns: dict[int, int] = {}
    tests: list[Test] = []
    singles, multis = [], []
    for number in range(len(ruler.attrs)):
        _, alternatives = ruler.matcher.get(str(number))
        for pattern in alternatives:
            ids = []
            for spec in pattern:
                tests.append(compile_test(spec, columns))
                ids.append(len(tests) - 1)
            index = ruler.indices[number]
            if not -len(ids) <= index < len(ids):
                raise Unsupported(f"index {index} outside a pattern of {len(ids)} tokens")
            rule = Rule(number, tuple(ids), index % len(ids))
            (singles if len(ids) == 1 else multis).append(rule)
    return AttributeRules(tuple(columns), tests, singles, multis, list(ruler.attrs))


def compile_test(spec: dict, columns: dict[int, int]) -> Test:
    """One pattern token's tests, its attributes numbered into `columns`."""
    checks = []
    for key, value in spec.items():
        name = ALIASES.get(key.upper(), key.upper())
        if name not in STRING_ATTRS and not (name.startswith(("IS_", "LIKE_")) and isinstance(value, bool)):
            raise Unsupported(f"pattern key {key!r}")
        column = columns.setdefault(IDS[name], len(columns))
        if isinstance(value, bool):
            checks.append((column, "eq", int(value)))
        elif isinstance(value, str):
            checks.append((column, "eq", get_string_id(value)))
        elif isinstance(value, dict) and len(value) == 1 and next(iter(value)) in ("IN", "NOT_IN", "REGEX"):
            kind, operand = next(iter(value.items()))
            if kind == "REGEX":
                checks.append((column, "regex", re.compile(operand)))
            elif all(isinstance(v, str) for v in operand):
                checks.append((column, kind.lower(), frozenset(get_string_id(v) for v in operand)))
            else:
                raise Unsupported(f"{kind} over non-strings")
        else:
            raise Unsupported(f"pattern value {value!r}")
    return Test(tuple(checks))


class AttributeLookup:
    """A pipeline component setting what the compiled ruler would set, answers cached per distinct token."""

    def __init__(self, vocab, rules: AttributeRules | None = None):
        self.vocab, self.rules = vocab, rules
        self._cache: dict[tuple[int, ...], tuple] = {}
        self._merged: dict[tuple[int, ...], dict] = {}

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        rows = doc.to_array(list(self.rules.columns)).reshape(len(doc), -1).tolist()
        hits = [self._hits(tuple(row), doc.vocab.strings) for row in rows]
        extra: dict[int, list[int]] = {}
        for start, (_, passed, starts) in enumerate(hits):
            for rule in starts:  # multi-token patterns whose first token matches here (rare)
                end = start + len(rule.tests)
                if end <= len(hits) and all(t in hits[start + k][1] for k, t in enumerate(rule.tests)):
                    extra.setdefault(start + rule.target, []).append(rule.number)
        for i, (numbers, _, _) in enumerate(hits):
            if i in extra:
                numbers = tuple(sorted(set(numbers) | set(extra[i])))
            if numbers:
                set_token_attrs(doc[i], self._merge(numbers))
        return doc

    def _hits(self, row: tuple[int, ...], strings) -> tuple[tuple[int, ...], frozenset[int], tuple[Rule, ...]]:
        """(entries whose one-token patterns match, tests passed, multi-token rules that may start here) for a
        token with these column values."""
        found = self._cache.get(row)
        if found is None:
            tests = self.rules.tests
            candidates = self.rules.unkeyed.union(*(self.rules.keyed.get(k, ()) for k in enumerate(row)))
            passed = frozenset(i for i in candidates if tests[i].passes(row, strings))
            numbers = tuple(sorted({self.rules.single_of[i] for i in passed if i in self.rules.single_of}))
            starts = tuple(r for i in passed for r in self.rules.multi_of.get(i, ()))
            found = self._cache[row] = (numbers, passed, starts)
        return found

    def _merge(self, numbers: tuple[int, ...]) -> dict:
        """The attributes of these entries applied in order (a later entry wins, as in the ruler)."""
        merged = self._merged.get(numbers)
        if merged is None:
            merged = self._merged[numbers] = {k: v for n in numbers for k, v in self.rules.attrs[n].items()}
        return merged


@Language.factory("attribute_lookup")
def make_attribute_lookup(nlp: Language, name: str) -> AttributeLookup:
    """An empty lookup; use_attribute_lookup gives it the ruler's compiled rules."""
    return AttributeLookup(nlp.vocab)


def use_attribute_lookup(nlp: Language) -> Language:
    """The pipeline with its attribute_ruler replaced by the equivalent lookup (kept when it cannot be)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return nlp
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler):
        return nlp
    try:
        rules = compile_rules(ruler)
    except Unsupported:
        return nlp
    nlp.replace_pipe("attribute_ruler", "attribute_lookup").rules = rules
    return nlp
