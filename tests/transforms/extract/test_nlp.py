import pytest
import spacy

from transforms.batch import analyze_batch, extract_facts
from transforms.extract.nlp import MAX_PARSE_CHARS, pipe_long, split_for_parser
from transforms.records import Article
from tests.samples import make_article, make_raw


@pytest.mark.parametrize("text", [
    "Short text.",
    "One sentence here. " * 3000,
    "word " * 20_000,
    "x" * 50_000,
])
def test_split_for_parser_keeps_every_character_in_bounded_pieces(text):
    pieces = split_for_parser(text, 1000)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= 1000 for p in pieces)


def test_split_for_parser_cuts_after_a_sentence_end():
    pieces = split_for_parser("One sentence here. " * 3000, 1000)
    assert all(p.endswith(". ") for p in pieces[:-1])


def test_pipe_long_gives_one_doc_per_text_beyond_the_model_limit():
    # issue 13 item 10: a 5 MB single-line text failed every run with E088 (max_length); blank model, small limit
    nlp = spacy.blank("en")
    nlp.max_length = 3 * MAX_PARSE_CHARS
    texts = ["tiny", "many words " * 20_000, "y" * 100_000]
    docs = list(pipe_long(nlp, ((t, i) for i, t in enumerate(texts))))
    assert [(d.text, i) for d, i in docs] == [(t, i) for i, t in enumerate(texts)]


def test_a_long_paragraph_is_parsed_in_pieces_with_offsets_into_the_text(nlp):
    sentence = "Minister Anna Novak met Kenji Tanaka in Vienna to discuss rail freight. "
    article = Article("Title", None, None, ("First paragraph.", sentence * 700))  # ~50k characters
    (facts,) = extract_facts([article], nlp)
    assert not facts.failed and len(facts.sentences) >= 700
    assert all(article.text[s.start_char:s.end_char] == s.text for s in facts.sentences)
    assert {m.text for m in facts.mentions} >= {"Anna Novak", "Vienna"}


def test_a_document_too_long_to_analyze_is_stored_with_a_note(nlp):
    line = " ".join(make_article(k).replace("\n", " ") for k in range(60))
    text = (line + " ") * (5_000_000 // len(line))  # 5 MB of English on one line
    result = analyze_batch([make_raw("big.txt", text.encode()), make_raw("ok.txt", make_article(1).encode())],
                           nlp, max_bytes=10_000_000, max_chars=300_000)
    big, ok = result.prepared
    assert not big.analyzable and "over the analysis limit" in big.notes[0]
    assert ok.analyzable and result.facts[1].mentions


def test_one_article_that_breaks_extraction_costs_only_itself(nlp, monkeypatch):
    import transforms.batch as batch

    real = batch.analyze_article

    def analyze(article, docs):
        if article.title == "bad":
            raise ValueError("boom")
        return real(article, docs)

    monkeypatch.setattr(batch, "analyze_article", analyze)
    good = Article("good", None, None, ("Anna Novak met Kenji Tanaka in Vienna.",))
    bad = Article("bad", None, None, ("Anna Novak met Kenji Tanaka in Vienna.",))
    facts = extract_facts([bad, good], nlp)
    assert facts[0].failed and "ValueError: boom" in facts[0].notes[0]
    assert not facts[1].failed and facts[1].mentions
