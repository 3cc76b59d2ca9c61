"""How user text is folded before it is compared with stored names: width, script and case."""

from __future__ import annotations

from extract.normalize import normalize_text, to_simplified


def fold(text: str | None) -> str:
    """NFKC, whitespace collapsed, Traditional -> Simplified, lower case ('南京大學 ' -> '南京大学')."""
    return to_simplified(normalize_text(text)).lower()
