"""The IPC hierarchy from a WIPO titles file: one node per symbol with its level, title and parent.

The file has one `symbol<TAB>title` line per symbol: sections, classes and subclasses as written
(`A`, `A01`, `A01B`), groups in the WIPO 14-character form (`A01B0001020000`). A few titles run over
several lines; those continuation lines start with whitespace and carry no tab. Some main groups
appear twice in a row: first with a guidance heading that covers a run of groups ("Ploughs"), then with
their own title ("Ploughs with fixed plough-shares"); they become one entry with `heading` set.

Parents come from the symbol's structure (extract.ipc.ipc_parent_chain): a subgroup's parent is its
main group, a main group's parent its subclass, and so on. Real IPC subgroups nest further by "dots"
(`G06N3/08` -> `G06N3/084`), which this file does not carry, so that level of nesting is flattened.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from extract.ipc import ipc_level, ipc_parent_chain, normalize_ipc


@dataclass(frozen=True, slots=True)
class IPCEntry:
    """One IPC symbol: compact code, level, title, parent code (None for a section) and source line."""

    code: str
    level: str
    title: str
    parent: str | None
    symbol: str
    line: int
    heading: str | None = None


@dataclass(frozen=True, slots=True)
class IPCReject:
    """A line of the titles file that is not a symbol, with its line number and why."""

    line: int
    reason: str
    raw: str


def read_ipc_titles(path: str | Path, rejects: list[IPCReject] | None = None) -> Iterator[IPCEntry]:
    """Stream the IPC entries of a titles file; malformed lines go to `rejects` when given."""
    for item in iter_ipc_lines(path):
        if isinstance(item, IPCEntry):
            yield item
        elif rejects is not None:
            rejects.append(item)


def iter_ipc_lines(path: str | Path) -> Iterator[IPCEntry | IPCReject]:
    """Entries and rejects in file order; continuation lines are folded into the previous title."""
    pending: IPCEntry | None = None
    # bytes that are not UTF-8 become U+FFFD and their line a reject; the rest of the file still loads
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                continue
            if "\ufffd" in line:
                if pending is not None:
                    yield pending
                    pending = None
                yield IPCReject(number, "broken encoding (U+FFFD): the line is not UTF-8", line)
                continue
            if "\t" not in line and line[:1].isspace():
                if pending is None:
                    yield IPCReject(number, "continuation line with no symbol before it", line)
                else:
                    pending = _with_more_title(pending, line.strip())
                continue
            parsed = parse_ipc_line(line, number)
            if isinstance(parsed, IPCEntry) and pending is not None and parsed.code == pending.code:
                pending = _under_heading(parsed, pending.title)
                continue
            if pending is not None:
                yield pending
                pending = None
            if isinstance(parsed, IPCEntry):
                pending = parsed
            else:
                yield parsed
    if pending is not None:
        yield pending


def parse_ipc_line(line: str, number: int) -> IPCEntry | IPCReject:
    """One `symbol<TAB>title` line as an entry, or a reject saying what is wrong with it."""
    symbol, tab, title = line.partition("\t")
    symbol = symbol.strip()
    if not tab:
        return IPCReject(number, "no tab between symbol and title", line)
    if not symbol:
        return IPCReject(number, "empty symbol", line)
    code = normalize_ipc(symbol)
    if code is None:
        return IPCReject(number, f"not an IPC symbol: {symbol[:40]!r}", line)
    if not title.strip():
        return IPCReject(number, f"empty title for {symbol}", line)
    parents = ipc_parent_chain(code)
    return IPCEntry(
        code=code,
        level=ipc_level(code),
        title=title.strip(),
        parent=parents[0] if parents else None,
        symbol=symbol,
        line=number,
    )


def load_ipc_titles(path: str | Path) -> dict[str, IPCEntry]:
    """All entries of a titles file by compact code (about 75,000; a few seconds, tens of MB)."""
    return {entry.code: entry for entry in read_ipc_titles(path)}


def _with_more_title(entry: IPCEntry, more: str) -> IPCEntry:
    # WIPO breaks some titles around a dash or arrow; joining with a space keeps the words apart.
    return replace(entry, title=f"{entry.title} {more}")


def _under_heading(entry: IPCEntry, heading: str) -> IPCEntry:
    return replace(entry, heading=heading)
