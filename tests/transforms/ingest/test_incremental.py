import pytest

from transforms.ingest.incremental import SourceState, find_orphans, plan_run, select_retries

PREVIOUS = {
    "a.txt": SourceState("a.txt", 10, 1, "sha-a", 1),
    "locked.txt": SourceState("locked.txt", 5, 1, None, 0),
    "empty.txt": SourceState("empty.txt", 0, 1, "sha-e", 0),
    "sub/b.txt": SourceState("sub/b.txt", 7, 1, "sha-b", 1),
    "gone.txt": SourceState("gone.txt", 3, 1, "sha-g", 1),
}


def scanned(*paths):
    return [SourceState(p, PREVIOUS[p].size_bytes if p in PREVIOUS else 1, 1) for p in paths]


def test_unchanged_files_are_not_read_and_missing_ones_are_deleted():
    plan = plan_run(scanned("a.txt", "locked.txt", "empty.txt", "sub/b.txt", "new.txt"), PREVIOUS)
    assert (plan.to_read, plan.deleted) == (["new.txt"], ["gone.txt"])


def test_rejected_files_whose_reason_may_pass_are_read_again_every_run():
    rejects = [("locked.txt", None, "unreadable"), ("empty.txt", "sha-e", "empty"),
               ("sub/b.txt", "sha-b", "unreadable"),
               ("a.txt", None, "unreadable")]  # a.txt: an old version's reject, not the current one
    retry = select_retries(rejects, PREVIOUS)
    assert retry == {"locked.txt", "sub/b.txt"}
    plan = plan_run(scanned("a.txt", "locked.txt", "empty.txt", "sub/b.txt"), PREVIOUS, retry=retry)
    assert plan.to_read == ["locked.txt", "sub/b.txt"] and "empty.txt" in plan.unchanged


@pytest.mark.parametrize("unlisted,deleted", [(["sub/"], ["gone.txt"]), ([], ["gone.txt", "sub/b.txt"])])
def test_files_of_a_folder_that_cannot_be_listed_are_kept_not_deleted(unlisted, deleted):
    plan = plan_run(scanned("a.txt", "locked.txt", "empty.txt") + [SourceState("sub/", 0, 0)], PREVIOUS,
                    unlisted=unlisted)
    assert plan.deleted == deleted
    assert ("sub/b.txt" in plan.unchanged) == bool(unlisted) and plan.to_read == ["sub/"]


def test_duplicates_whose_original_leaves_are_orphans():
    current = {"A": ("a.txt", None), "B": ("b.txt", "A"), "C": ("c.txt", "A"), "D": ("d.txt", "X"),
               "E": ("e.txt", None), "F": ("f.txt", "E"), "G": ("g.txt", "A")}
    # a.txt changed or deleted: its copies must be decided again (except g.txt, itself gone); X was never current
    assert find_orphans(current, {"a.txt", "g.txt"}) == {"b.txt": {"B"}, "c.txt": {"C"}, "d.txt": {"D"}}
    assert find_orphans(current, set()) == {"d.txt": {"D"}}
