"""Confidence from evidence and the political-story test: pure functions, no model."""

import pytest

from transforms.extract.events.evidence import Evidence, is_political, score_evidence


@pytest.mark.parametrize("evidence,low,high", [
    (Evidence("PERSON", "PERSON", False, True, True, False), 0.7, 1.0),  # actor and target named
    (Evidence("PERSON", None, True, True, True, False), 0.5, 0.7),  # a standalone trigger
    (Evidence("PERSON", None, False, True, True, True), 0.0, 0.49),  # a weak trigger with no target
    (Evidence(None, "PERSON", True, True, True, True), 0.0, 0.49),  # no actor entity
    (Evidence("PERSON", "PERSON", False, False, True, True), 0.0, 0.49),  # sense check failed
    (Evidence("ORG", "ORG", False, True, False, True), 0.0, 0.49),  # not a political story
])
def test_score_evidence(evidence, low, high):
    assert low <= score_evidence(evidence) <= high


@pytest.mark.parametrize("n_cues,n_sentences,expected", [
    (0, 1, True), (0, 2, True), (0, 3, False), (1, 3, True), (2, 8, False), (3, 30, False), (4, 30, True),
])
def test_is_political(n_cues, n_sentences, expected):
    assert is_political(n_cues, n_sentences) is expected
