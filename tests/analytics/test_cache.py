"""The analytics cache's bound on cached API answers (pure: no database)."""

from __future__ import annotations

from graph.analytics.projection import _evict_answers


def test_answers_are_evicted_oldest_first_and_the_projection_never():
    values = {("projection", ()): "projection", ("chain", "c1"): "chain"}
    for i in range(30):
        values[("consortium_candidates", f"chain-{i}")] = i
    _evict_answers(values, 20)
    answers = [k for k in values if k[0] == "consortium_candidates"]
    assert len(answers) == 10  # cut back to half the limit, so eviction is not paid on every store
    assert ("projection", ()) in values and ("chain", "c1") in values
    assert ("consortium_candidates", "chain-29") in values and ("consortium_candidates", "chain-0") not in values


def test_under_the_limit_nothing_goes():
    values = {("transfer_matches", "org", 10): 1, ("projection", ()): 2}
    _evict_answers(values, 5)
    assert len(values) == 2
