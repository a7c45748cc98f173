import pytest

from transforms.extract.quotes import find_quote_spans


def quoted(paragraphs):
    text = "\n\n".join(paragraphs)
    return [text[s:e] for s, e in find_quote_spans(tuple(paragraphs))]


@pytest.mark.parametrize("paragraphs,expected", [
    (['He said: "We will win this fight."'], ["We will win this fight."]),
    (['"One," she said, "two."'], ["One,", "two."]),
    # a quote over two paragraphs: each opening mark starts a quote
    (['"First part of it.', '"Second part," he said.'], ["First part of it.", "Second part,"]),
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


Q = '"We will not accept these terms at all,"'  # a quotation of four words or more, attributed after it


@pytest.mark.parametrize("rule,text,speaker", [
    ("role given by a title", f'Finance Minister Daniel Okafor arrived late.\n\n{Q} the minister said.',
     "Daniel Okafor"),
    ("role given by an appositive", 'Helen Marsh, the charity\'s director, spoke first.\n\n'
     f'{Q} the director said.', "Helen Marsh"),
    ("report to its publisher", 'The Audit Office published a report on road spending on Monday.\n\n'
     '"Spending on roads has doubled in five years," the report said.', "Audit Office"),
    ("its report", 'The Audit Office criticised the ministry on Monday.\n\n'
     '"Spending on roads has doubled in five years," its report said.', "Audit Office"),
    ("a court's findings", 'The Supreme Court ruled against the ministry on Monday.\n\n'
     '"The policy was unlawful from the very start," the judges said.', "Supreme Court"),
    ("named spokesperson", f'Party spokesman Tom Reid said: "We will not accept these terms at all."', "Tom Reid"),
    ("she skips a nearer man (honorifics)", 'Mrs Helen Marsh met the board on Monday. Later Mr Daniel Okafor '
     f'spoke to reporters.\n\n{Q} she said.', "Helen Marsh"),
    ("he skips a nearer woman (honorifics)", 'Mr Daniel Okafor met the board on Monday. Later Mrs Helen Marsh '
     f'spoke to reporters.\n\n{Q} he said.', "Daniel Okafor"),
    ("gender from an earlier pronoun", 'Helen Marsh arrived early. Daniel Okafor said he was tired of '
     f'waiting.\n\n{Q} she said.', "Helen Marsh"),
    ("he/she is never an organisation", f'The Water Authority raised prices again.\n\n{Q} he said.', None),
    ("they to an organisation", f'The Water Authority raised prices again.\n\n{Q} they said.', "Water Authority"),
    ("continuation of reported speech", 'Daniel Okafor said the plan would fail within a year.\n\n'
     '"Nobody believes these numbers any more."', "Daniel Okafor"),
    ("lead-in in the sentence before", 'Daniel Okafor spoke on the radio. He told listeners:\n\n'
     '"We will not accept these terms at all."', "Daniel Okafor"),
    ("possessive attribution", 'Daniel Okafor\'s words were: "We will not accept these terms at all."',
     "Daniel Okafor"),
    ("according to", '"Prices will rise again next year," according to Daniel Okafor.', "Daniel Okafor"),
    ("an unnamed spokesperson is the antecedent", 'Daniel Okafor criticised the plan. A spokesman for the '
     f'ministry defended it.\n\n{Q} he said.', None),
    ("a shadow role is not the role", 'Chancellor Daniel Okafor spoke first. Shadow Chancellor Tom Reid '
     f'replied.\n\n{Q} the chancellor said.', "Daniel Okafor"),
    ("the passive agent acts", 'Daniel Okafor met the board on Monday. The report was welcomed by Tom Reid.'
     f'\n\n{Q} he said.', "Tom Reid"),
    ("asked, then answering", 'Daniel Okafor met the board. Tom Reid was asked whether he would resign.\n\n'
     '"I have no intention of going anywhere."', "Tom Reid"),
    ("a participle after reported speech", 'Daniel Okafor said the deal was dead, adding: '
     '"Nobody believes these numbers any more."', "Daniel Okafor"),
    ("a person named beside a nominal subject", 'Helen Marsh, chief executive of the Water Authority, said: '
     '"We will not accept these terms at all."', "Helen Marsh"),
    ("a quote ending a sentence takes no attribution after it", 'Daniel Okafor said: "We will not accept '
     'these terms at all." Tom Reid said the talks would go on.', "Daniel Okafor"),
])
def test_speaker_rules(analyze, rule, text, speaker):
    found = speakers(analyze, text)
    assert found, f"{rule}: no quote found"
    assert found[-1][1] == speaker, rule


@pytest.mark.parametrize("text,words", [
    (f'The Water Authority raised prices again.\n\n{Q} he said.', "he"),
    (f'{Q} a spokesman said.', "spokesman"),
])
def test_unresolved_speaker_keeps_the_words(analyze, text, words):
    (_, name, speaker_text), = speakers(analyze, text)
    assert name is None and speaker_text == words


def test_each_opening_mark_starts_a_quote(analyze):
    found = speakers(analyze, 'Daniel Okafor said: "We will not accept these terms at all.\n\n'
                              '"Nor will we sign anything else this year."')
    assert [(f[0][:6], f[1]) for f in found] == [("We wil", "Daniel Okafor"), ("Nor wi", "Daniel Okafor")]


def test_open_part_takes_the_attribution_of_its_continuation(analyze):
    found = speakers(analyze, 'The talks ended on Monday.\n\n"We will not accept these terms at all.\n\n'
                              '"Nor will we sign anything else this year," said Daniel Okafor.')
    assert [f[1] for f in found] == ["Daniel Okafor", "Daniel Okafor"]
