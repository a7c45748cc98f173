"""One-to-one matching of predictions to gold items, shared by the evaluation scripts."""

from __future__ import annotations

from collections.abc import Iterable


def max_matching(cands: dict[int, list[int]], order: Iterable[int]) -> dict[int, int]:
    """Maximum one-to-one matching by augmenting paths: prediction index -> gold index. `cands` lists each
    prediction's possible gold items, best first; predictions claim them in `order`."""
    owner: dict[int, int] = {}  # gold index -> prediction index

    def claim(i: int, seen: set[int]) -> bool:
        for j in cands[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or claim(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in order:
        claim(i, set())
    return {i: j for j, i in owner.items()}
