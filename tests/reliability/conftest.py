"""The reliability folder: its `slow` tests run only with INNOGRAPH_SLOW=1.

Fixtures of the fault tests live in `test_faults.py` (they start and kill a server of their own);
this file holds only what the whole folder shares.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SLOW = os.environ.get("INNOGRAPH_SLOW") == "1"
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip this folder's `slow` tests unless INNOGRAPH_SLOW=1 (tests in other folders are left alone)."""
    if SLOW:
        return
    skip = pytest.mark.skip(reason="long reliability scenario; set INNOGRAPH_SLOW=1 to run it")
    for item in items:
        if item.get_closest_marker("slow") and HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(skip)
