"""Every example in queries/ runs through `newsetl sql --file` on the seed warehouse and answers its question."""

import json
import re

import pytest

from flows.command.cli import main
from tests.conftest import REPO

QUERIES = sorted((REPO / "queries").glob("*.sql"))

EXPECTED = {  # a row each example must return on the seed (a subset of its columns)
    "who_met_whom.sql": {"actor": "Imangali Tasmagambetov", "target": "Aleksandr Lukashenko",
                         "event_date": "2024-11-20"},
    "organisations_by_country.sql": {"organisation": "Collective Security Treaty Organization",
                                     "event_type": "REQUEST", "direction": "to", "events": 1},
    "what_did_x_say_about_y.sql": {"speaker": "Imangali Tasmagambetov"},
    "top_entities_by_type.sql": {"type": "ORG", "name": "Collective Security Treaty Organization"},
    "who_appears_with.sql": {"other": "Imangali Tasmagambetov", "sentences": 1},
    "planned_events.sql": {"event_date": "2024-11-22", "type": "CONSULT", "place": "Minsk"},
}


@pytest.fixture(scope="module")
def wh(seed_warehouse):
    return seed_warehouse[0].warehouse


def run_query(wh, path, capsys) -> list[dict]:
    assert main(["sql", "--file", str(path), "--warehouse", str(wh), "--format", "json"]) == 0, capsys.readouterr()
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]


def test_every_example_has_an_expectation():
    assert sorted(p.name for p in QUERIES) == sorted(EXPECTED)


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_example_answers_its_question_on_the_seed(wh, capsys, path):
    rows = run_query(wh, path, capsys)
    expected = EXPECTED[path.name]
    assert any(all(row.get(k) == v for k, v in expected.items()) for row in rows), rows


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.name)
def test_example_says_what_it_answers_and_what_to_edit(path):
    text = path.read_text()
    assert text.startswith("-- ") and "?" in text.splitlines()[0]
    assert re.search(r"WITH params AS \(SELECT .+ AS \w+", text), "the literal to edit lives in a params CTE"
    assert f"newsetl sql --file queries/{path.name}" in " ".join(text.split())


def test_what_did_x_say_about_y_follows_its_literals(wh, capsys, tmp_path):
    edited = (REPO / "queries" / "what_did_x_say_about_y.sql").read_text().replace("'Armenia'", "'Narnia'")
    (tmp_path / "q.sql").write_text(edited)
    assert run_query(wh, tmp_path / "q.sql", capsys) == []


def test_readme_lists_every_example_under_a_heading_that_counts_them():
    readme = (REPO / "README.md").read_text()
    heading = re.search(r"\*\*4\. (\w+) questions\*\*", readme)
    section = readme[heading.end():].split("\n\n|", 1)[1].split("\n\n", 1)[0]
    listed = re.findall(r"^\| `(\w+\.sql)` \|", "|" + section, re.MULTILINE)
    numbers = {"Five": 5, "Six": 6, "Seven": 7, "Eight": 8}
    assert sorted(listed) == sorted(p.name for p in QUERIES)
    assert numbers[heading.group(1)] == len(listed)
