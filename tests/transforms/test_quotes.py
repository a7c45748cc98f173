import pytest

from transforms.quotes import find_quote_spans


def quoted(paragraphs):
    text = "\n\n".join(paragraphs)
    return [text[s:e] for s, e in find_quote_spans(tuple(paragraphs))]


@pytest.mark.parametrize("paragraphs,expected", [
    (['He said: "We will win this fight."'], ["We will win this fight."]),
    (['"One," she said, "two."'], ["One,", "two."]),
    # a quote over two paragraphs: no closing mark until the second one
    (['"First part of it.', '"Second part," he said.'], ["First part of it.\n\n\"Second part,"]),
    # an unclosed quote not continued in the next paragraph ends with its paragraph
    (['"Never closed.', 'Plain paragraph.'], ["Never closed."]),
    # a new opening mark before any closing one: the first quote ended at a lost paragraph break
    (['"First quote. "Second quote," she said.'], ["First quote.", "Second quote,"]),
    # a closing mark with no opening one is ignored
    (['He said it." Then "this one."'], ["this one."]),
    (["No quotes here."], []),
])
def test_find_quote_spans(paragraphs, expected):
    assert quoted(paragraphs) == expected


def speakers(analyze, text):
    _, facts = analyze(text)
    names = {e.cluster: e.name for e in facts.entities}
    return [(q.text.strip(), names.get(q.speaker_cluster), q.speaker_text) for q in facts.quotes]


@pytest.mark.parametrize("text,speaker", [
    ('"We will not accept these terms at all," said Maria Lopez.', "Maria Lopez"),
    ('"We will not accept these terms at all," Maria Lopez said.', "Maria Lopez"),
    ('Maria Lopez said: "We will not accept these terms at all."', "Maria Lopez"),
    ('Maria Lopez told reporters: "We will not accept these terms at all."', "Maria Lopez"),
    ('Maria Lopez arrived late.\n\n"We will not accept these terms at all," she said.', "Maria Lopez"),
    ('Trade Minister Maria Lopez arrived.\n\n"We will not accept these terms," the trade minister said.',
     "Maria Lopez"),
])
def test_speakers(analyze, text, speaker):
    found = speakers(analyze, text)
    assert found, "no quote found"
    assert found[-1][1] == speaker


def test_scare_quotes_are_not_quotes(analyze):
    assert speakers(analyze, 'The so-called "peace plan" was rejected by Maria Lopez.') == []


def test_continuation_paragraph_keeps_speaker(analyze):
    found = speakers(analyze, 'Maria Lopez said: "We will not accept these terms."\n\n'
                              '"Nor will we sign anything else this year."')
    assert [f[1] for f in found] == ["Maria Lopez", "Maria Lopez"]
