"""Query results as CSV cells, shared by the CLI and the REST API."""

from __future__ import annotations

import json
from typing import Any

# A text cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """One value as CSV text: lists and maps as JSON, formula-like text prefixed with `'`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return "'" + text if text.startswith(_FORMULA_LEADS) else text
