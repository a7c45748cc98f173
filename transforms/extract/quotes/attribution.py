"""Where a quote's speaker is named: 'X said:' before it, '," X said' after it, the sentence before it."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from transforms.extract.lexicon import SPEECH_VERBS
from transforms.extract.parsed import Parsed
from transforms.extract.quotes.spans import classify_mark

ATTRIBUTION_WINDOW = 25  # tokens after a closing mark that may hold "X said"
# Verbs that introduce a direct quotation besides the speech verbs events use.
QUOTE_VERBS = SPEECH_VERBS | frozenset("""
ask urge predict believe think accept deny insist continue conclude recall promise pledge vow joke quip complain
concede maintain describe reiterate observe point put read tweet blog protest boast caution agree demand
accuse criticise criticize brand call label dismiss attack condemn hail welcome
""".split())
# Nouns for what someone said: "Mr X's words were:", "the message from X was:".
SPEECH_NOUNS = frozenset("""
word words message view views response reply comment comments verdict argument warning answer remark remarks
advice conclusion position assessment line plea
""".split())


def token_at(doc: Doc, char: int) -> Token | None:
    """The token covering a character offset of one paragraph Doc."""
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def is_quote_verb(tok: Token) -> bool:
    """A verb that can introduce a quotation."""
    return tok.lemma_.lower() in QUOTE_VERBS and tok.pos_ in ("VERB", "AUX")


def subject_of(verb: Token) -> Token | None:
    """The active subject of a verb, inherited through coordination ('X stood up and said'), raising
    ('X is alleged to have said'), a participle ('X issued a call, warning') or a noun it modifies
    ('with X branding it')."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
    head = verb.head
    if head.i == verb.i:
        return None
    if verb.dep_ in ("conj", "xcomp") and head.pos_ in ("VERB", "AUX"):
        passive = [c for c in head.children if c.dep_ == "nsubjpass"] if verb.dep_ == "xcomp" else []
        return passive[0] if passive else subject_of(head)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and head.pos_ in ("VERB", "AUX"):
        while head.dep_ == "ccomp" and head.head.i != head.i:  # "X said Y erred, adding": X adds
            head = head.head
        return subject_of(head)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in ("PROPN", "NOUN"):
        return head
    return None


def _left_name(verb: Token) -> Token | None:
    """'Shadow chancellor, George Osborne, said': a name left of a verb the parser gave no subject."""
    near = [t for t in verb.doc[max(verb.sent.start, verb.i - 3) : verb.i] if t.text != ","]
    if near and near[-1].pos_ == "PROPN" and not (near[-1].dep_ == "pobj" and near[-1].head.lower_ in ("of", "for")):
        return near[-1]  # "on Wednesday Lord X said", not "chief executive of the X Council, said"
    for tok in reversed(verb.doc[verb.sent.start : verb.i]):
        if tok.text == '"' or tok.pos_ in ("VERB", "AUX") and tok.dep_ != "conj":
            return None
        if tok.pos_ == "PROPN" and tok.dep_ not in ("pobj", "poss", "compound"):
            return tok
    return None


def _according_to(tokens: list[Token]) -> Token | None:
    for tok in tokens:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            for child in tok.doc[tok.i + 1].children:
                if child.dep_ == "pobj":
                    return child
    return None


def _speech_noun_owner(tokens: list[Token]) -> Token | None:
    """'Mr X's words were:' -> X; 'the response from X was:' -> X."""
    for tok in tokens:
        if tok.lemma_.lower() not in SPEECH_NOUNS or tok.pos_ != "NOUN":
            continue
        for child in tok.children:
            if child.dep_ == "poss" and child.lower_ not in ("my", "our", "your"):
                return child
            if child.lower_ in ("from", "of", "by"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return None


def _depth(tok: Token) -> int:
    depth = 0
    while tok.head.i != tok.i:
        tok, depth = tok.head, depth + 1
    return depth


def speech_subject(tokens: list[Token], *, main_first: bool = False) -> Token | None:
    """The speaker named in a run of tokens: subject of a quote verb, 'according to X', 'X's words';
    the first verb in the given order, or with `main_first` the one nearest the root of its sentence."""
    if main_first:
        tokens = sorted(tokens, key=_depth)
    for tok in tokens:
        if is_quote_verb(tok):
            subject = subject_of(tok) or _left_name(tok)
            if subject is not None:
                return subject
            if tok.dep_ == "relcl" and tok.head.pos_ in ("PROPN", "NOUN"):
                return tok.head  # "X, who said:" with the relative pronoun parsed away
    return _according_to(tokens) or _speech_noun_owner(tokens)


def _is_stop(tok: Token, parsed: Parsed, bounds: frozenset[int] | None) -> bool:
    """A quote mark that ends the search: any mark, or with `bounds` only the marks of full quotations
    (a scare-quoted word inside an attribution does not cut it)."""
    return tok.text == '"' and (bounds is None or parsed.start(tok) in bounds)


def _after_close(parsed: Parsed, close: Token, bounds: frozenset[int] | None = None) -> list[Token]:
    """Tokens after a closing mark up to the end of that sentence or the next quotation."""
    out = []
    for tok in close.doc[close.i + 1 : close.i + 1 + ATTRIBUTION_WINDOW]:
        if _is_stop(tok, parsed, bounds) or tok.text in (".", "!", "?"):
            break
        out.append(tok)
    return out


def _before_open(parsed: Parsed, opening: Token, bounds: frozenset[int] | None = None) -> list[Token]:
    """Tokens of the opening mark's sentence before it, back to a previous quotation."""
    out = []
    for tok in reversed(opening.doc[opening.sent.start : opening.i]):
        if _is_stop(tok, parsed, bounds):
            break
        out.insert(0, tok)
    return out


def _bare_name(tokens: list[Token]) -> Token | None:
    """'," Mr Smith.': a name alone after a quote, the verb left out."""
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    if 0 < len(words) <= 4 and all(t.pos_ == "PROPN" for t in words[1:]) and words[-1].pos_ == "PROPN":
        return words[-1]
    return None


def opens_sentence(parsed: Parsed, start: int) -> bool:
    """Whether the quote at `start` begins its sentence (nothing but punctuation before it)."""
    para = parsed.para_at(start)
    opening = token_at(parsed.docs[para], start - 1 - parsed.offsets[para])
    return opening is None or not any(t.is_alpha for t in _before_open(parsed, opening))


def _previous_sentence(parsed: Parsed, opening: Token) -> list[Token]:
    """The sentence before the one a quote opens, when it leads into the quote with a colon."""
    doc = opening.doc
    if opening.sent.start > 0:
        prev = doc[opening.sent.start - 1].sent
    else:
        para = parsed.para_of(opening)
        if para == 0 or len(parsed.docs[para - 1]) == 0:
            return []
        prev = list(parsed.docs[para - 1].sents)[-1]
    tokens = [t for t in prev if not t.is_space]
    if not tokens or tokens[-1].text != ":" or any(t.text == '"' for t in tokens):
        return []
    return tokens


def find_attribution(parsed: Parsed, start: int, end: int, bounds: frozenset[int] | None = None) -> Token | None:
    """The head of the noun phrase naming who said the quote at [start, end), if the text names one;
    `bounds`: offsets of the marks of every full quotation (else any quote mark bounds the search)."""
    para = parsed.para_at(start)
    doc, offset = parsed.docs[para], parsed.offsets[para]
    opening = token_at(doc, start - 1 - offset)
    before = _before_open(parsed, opening, bounds) if opening is not None else []
    if before and before[-1].text in (":", ",") and (subject := speech_subject(list(reversed(before)))) is not None:
        return subject
    para_end = parsed.para_at(end)
    doc_end = parsed.docs[para_end]
    close = token_at(doc_end, end - parsed.offsets[para_end])
    closed = close is not None and close.text == '"' and classify_mark(parsed.texts[para_end], close.idx) == "close"
    if closed and not parsed.article.text[start:end].rstrip().endswith("."):
        after = _after_close(parsed, close, bounds)
        subject = speech_subject(after) or _bare_name(after)
        if subject is not None:
            return subject
    if before:
        return speech_subject(before, main_first=True) or _sentence_subject(before)
    if opening is not None and opening.text == '"' and (prev := _previous_sentence(parsed, opening)):
        return speech_subject(list(reversed(prev)))
    return None


def _sentence_subject(before: list[Token]) -> Token | None:
    """A quotation inside a sentence with no speech verb: the subject of that sentence, before the quote."""
    root = before[0].sent.root
    for child in root.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.i < before[-1].i and child.i >= before[0].i:
            return child
    return None


def _asked(tokens: list[Token]) -> Token | None:
    """'X was asked whether ...': X answers in the quote that follows."""
    for tok in tokens:
        if tok.lemma_.lower() == "ask" and tok.pos_ == "VERB":
            for child in tok.children:
                if child.dep_ == "nsubjpass":
                    return child
    return None


def find_lead_in(parsed: Parsed, start: int, since: int, spans: list[tuple[int, int]]) -> Token | None:
    """For a quote with no attribution of its own: the speaker of the nearest sentence before it (this or the
    previous paragraph, after the previous quote) that reports speech, outside quoted words."""
    para = parsed.para_at(start)
    for p, sent in reversed(parsed.sentences):
        if p > para or parsed.start(sent) >= start:
            continue
        if p < para - 1 or parsed.end(sent) <= since:
            break
        tokens = [t for t in sent if (at := parsed.start(t)) < start and not any(s <= at < e + 1 for s, e in spans)]
        subject = speech_subject(tokens, main_first=True) or _asked(tokens)
        if subject is not None:
            return subject
    return None
