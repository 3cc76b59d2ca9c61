"""Shared settings of the reliability fuzz tests (a helper module, not a conftest: test_faults.py owns that).

The fast run (every CI run) is derandomized and bounded, so it is repeatable and quick on a 2-core
machine; `INNOGRAPH_SLOW=1` adds the `slow` variants, which draw many more (random) examples.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

SLOW = os.environ.get("INNOGRAPH_SLOW") == "1"
slow_only = [
    pytest.mark.slow,
    pytest.mark.skipif(not SLOW, reason="many more fuzz examples; set INNOGRAPH_SLOW=1"),
]
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
          HealthCheck.function_scoped_fixture, HealthCheck.large_base_example]


def fast_settings(max_examples: int) -> settings:
    # database=None: no example database, so a run never replays something another run found
    return settings(max_examples=max_examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=_QUIET, print_blob=True)


def slow_settings(max_examples: int) -> settings:
    return settings(max_examples=max_examples, deadline=None, derandomize=False, database=None,
                    suppress_health_check=_QUIET, print_blob=True)


def fuzz(*strategies: Any, fast: int = 60, slow: int = 1000, **named: Any) -> Callable[[Callable], tuple]:
    """A property as two tests: a fast derandomized one and a `slow` one with many random examples.

        test_x, test_x_slow = fuzz(st.binary())(body)
    """

    def make(body: Callable) -> tuple[Callable, Callable]:
        quick = fast_settings(fast)(given(*strategies, **named)(body))
        thorough = slow_settings(slow)(given(*strategies, **named)(body))
        for mark in slow_only:
            thorough = mark(thorough)
        return quick, thorough

    return make


# Text that survives a CSV/JSON round trip unchanged: no control characters, surrogates or U+FFFD
# (which the readers treat as a decoding failure), nothing NFKC-sensitive is assumed.
def clean_text_alphabet() -> Any:
    from hypothesis import strategies as st

    return st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffd")


LEAK_MARKERS = ("Traceback", ".py\"", ".py:", "File \"/", "MATCH (", "MATCH ", "neo4j.exceptions", "Neo4jError",
                "ClientError", "DatabaseError", "TransientError", "ServiceUnavailable", "SessionExpired",
                "CypherSyntaxError", "com.arcadedb", "java.lang", "Exception:", "site-packages")


def leaks(text: str) -> list[str]:
    """Markers of internal detail (stack traces, source paths, Cypher, driver/DB error classes) in a body."""
    return [m for m in LEAK_MARKERS if m in text]
