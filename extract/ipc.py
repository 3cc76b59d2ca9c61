"""IPC / CPC symbols: one compact form for every way they are written.

`G06N 3/08`, `G06N0003080000` (WIPO 14-character form), `G06N3/08`, `g06n 3/08 (2006.01)` and
`G06N-003/08` are all `G06N3/08`. Levels: section `G`, class `G06`, subclass `G06N`,
main group `G06N3/00`, subgroup `G06N3/08`.
"""

from __future__ import annotations

import re
import unicodedata

_WIPO14 = re.compile(r"^([A-H]\d\d[A-Z])(\d{4})(\d{6})$")
_GROUPED = re.compile(r"^([A-H]\d\d[A-Z])\s*-?\s*0*(\d{1,4})\s*/\s*(\d{1,6})$")
_SUBCLASS = re.compile(r"^[A-H]\d\d[A-Z]$")
_CLASS = re.compile(r"^[A-H]\d\d$")
_SECTION = re.compile(r"^[A-H]$")
_VERSION_SUFFIX = re.compile(r"\s*[\(\[]\s*\d{4}\.\d{2}\s*[\)\]]\s*$|\s+\d{8}$")

LEVELS = ("section", "class", "subclass", "group", "subgroup")


def _subgroup(digits: str) -> str:
    stripped = digits.rstrip("0")
    return stripped.ljust(2, "0")


def normalize_ipc(raw: str | None) -> str | None:
    """The compact form of an IPC/CPC symbol, or None when `raw` is not one."""
    if not raw:
        return None
    text = unicodedata.normalize("NFKC", raw).strip().upper()
    text = _VERSION_SUFFIX.sub("", text).strip()
    if m := _WIPO14.match(text):
        sub, group, subgroup = m.groups()
        return f"{sub}{int(group)}/{_subgroup(subgroup)}"
    if m := _GROUPED.match(text):
        sub, group, subgroup = m.groups()
        if int(group) == 0:
            return None
        return f"{sub}{int(group)}/{subgroup.ljust(2, '0')}"
    compact = text.replace(" ", "")
    if _SUBCLASS.match(compact) or _CLASS.match(compact) or _SECTION.match(compact):
        return compact
    return None


def ipc_level(code: str) -> str:
    """The level of a compact IPC code."""
    if "/" in code:
        return "group" if code.endswith("/00") else "subgroup"
    return {1: "section", 3: "class", 4: "subclass"}[len(code)]


def ipc_parent_chain(code: str) -> list[str]:
    """Compact codes above `code`, nearest first, by structure only (subgroup dots are not known here).

    `G06N3/08` -> [`G06N3/00`, `G06N`, `G06`, `G`].
    """
    parents: list[str] = []
    if "/" in code:
        head = code.split("/")[0]
        if not code.endswith("/00"):
            parents.append(f"{head}/00")
        code = code[:4]
        parents.append(code)
    if len(code) == 4:
        parents.append(code[:3])
    if len(code) >= 3:
        parents.append(code[:1])
    return parents


def split_ipc_field(raw: str | None) -> list[str]:
    """All distinct compact codes in a multi-valued field (`;`, `；`, `,`, `、`, newlines), in order."""
    if not raw:
        return []
    seen: dict[str, None] = {}
    for part in re.split(r"[;；,，、\n|]+", raw):
        code = normalize_ipc(part)
        if code:
            seen.setdefault(code, None)
    return list(seen)
