"""Shared fixtures for extractor tests: the zh pipeline (jieba words) and the shared real-data folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
PATENTSVIEW = SHARED / "data" / "patentsview-jiangsu" / "mentions.jsonl"


@pytest.fixture(scope="session")
def zh_nlp():
    """The registered zh pipeline, concepts only (built once, shared with the code under test)."""
    from extract.nlp import pipeline

    return pipeline("zh", "patents")


@pytest.fixture(scope="session")
def patentsview_rows() -> list[dict]:
    """Rows of the shared PatentsView Jiangsu sample; skips when ../shared is absent."""
    if not PATENTSVIEW.exists():
        pytest.skip(f"shared PatentsView sample not found at {PATENTSVIEW} (needs ../shared beside the repo)")
    with open(PATENTSVIEW, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="session")
def assignee_names(patentsview_rows) -> list[str]:
    """Every raw assignee organisation in the sample, one per mention."""
    return [n for r in patentsview_rows for n in r.get("raw_assignee_organization") or [] if n]
