"""Transactions in the legal-status field of CNIPA-style exports (the register's transfer, licence and
pledge events, several per cell)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.patents.fields import parse_date
from extract.records import PatentRecord, Reject, SourceRef
from extract.transactions.events import (
    LEGAL_STATUS_FORMAT,
    TransactionEvent,
    licence_kind_of,
    nfkc,
    parse_amount,
    vocabulary,
)

# --- legal-status text ----------------------------------------------------------------------------

_ADDRESS = re.compile(r"\d{6}|[省市区县路街道号]\s*\d|\d+\s*号|[路街道]\d*号")
_SEPARATORS = re.compile(r"[;\n\r|#]+")
_NAME_SPLIT = re.compile(r"[、]")


def _date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return parse_date(value.strip())
    except ValueError:
        return None


@dataclass
class _Chunk:
    start: int
    text: str
    kind: str | None = None
    event: str | None = None
    title: str | None = None
    announce_only: bool = False


def _chunks(text: str) -> list[_Chunk]:
    """Split a legal-status cell at every event title, gazette code, `法律状态公告日` and `#`."""
    vocab = vocabulary()
    marks = list(vocab.boundary.finditer(text))
    chunks: list[_Chunk] = []
    positions = [m.start() for m in marks] + [len(text)]
    for m, end in zip(marks, positions[1:], strict=True):
        chunk = _Chunk(m.start(), text[m.start():end])
        if m.group("title"):
            chunk.title = m.group("title")
            chunk.kind, chunk.event = vocab.titles.get(m.group("title"), (None, None))
        elif m.group("code"):
            chunk.title = m.group("code")
            chunk.kind, chunk.event = vocab.codes[m.group("code")]
        else:
            chunk.announce_only = True
        chunks.append(chunk)
    return chunks


def _fields(text: str) -> list[tuple[str, str]]:
    """(canonical field, value) in order of appearance."""
    vocab = vocabulary()
    found = list(vocab.field_key.finditer(text))
    out: list[tuple[str, str]] = []
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        value = text[m.end():end]
        value = _SEPARATORS.split(value, maxsplit=1)[0]
        value = value.strip().strip(",;，、").strip()
        out.append((vocab.fields[m.group(1)], value))
    return out


def _names(value: str) -> list[str]:
    return [n.strip() for n in _NAME_SPLIT.split(value) if n.strip()]


def parse_legal_status(
    text: str | None, patent_number: str, source: SourceRef
) -> tuple[list[TransactionEvent], list[str]]:
    """The transfer / licence / pledge events in a legal-status cell, and a problem per unreadable event.

    Non-transaction events (grant, lapse, name change, ...) are skipped silently.
    """
    if not text or not text.strip():
        return [], []
    normalised = nfkc(text).replace("\u3000", " ")
    # keys are matched without the spaces some exports put inside them ("IPC (主分类)")
    chunks = _chunks(normalised)
    events: list[TransactionEvent] = []
    problems: list[str] = []
    pending_announce: str | None = None
    index = 0
    while index < len(chunks):
        chunk = chunks[index]
        fields = _fields(chunk.text)
        announce = next((_date(v) for k, v in fields if k == "announce_date" and _date(v)), None)
        if chunk.announce_only or chunk.kind is None:
            # a block header (法律状态公告日 / #) or a non-transaction event: remember its gazette date
            pending_announce = announce or (pending_announce if chunk.announce_only else None)
            index += 1
            continue
        meaningful = [f for f in fields if f[0] not in ("ignore", "announce_date", "title")]
        # `法律状态：专利权的转移;描述信息：专利权的转移IPC...` names the event twice: read the second
        if not meaningful and index + 1 < len(chunks) and chunks[index + 1].kind == chunk.kind:
            pending_announce = announce or pending_announce
            index += 1
            continue
        event, problem = _event_from_fields(chunk, fields, patent_number, source, announce or pending_announce)
        if event is not None:
            events.append(event)
        elif problem:
            problems.append(problem)
        pending_announce = None
        index += 1
    return events, problems


def _event_from_fields(
    chunk: _Chunk, fields: list[tuple[str, str]], patent_number: str, source: SourceRef, announce: str | None
) -> tuple[TransactionEvent | None, str | None]:
    vocab = vocabulary()
    kind, event = chunk.kind or "", chunk.event or "effective"
    values: dict[str, str] = {}
    from_parties: list[str] = []
    to_parties: list[str] = []
    matter: str | None = None
    for key, value in fields:
        if key == "matter":
            matter = value
        elif key in ("before", "after"):
            holder = matter is None or any(m in matter for m in vocab.holder_matters)
            if not holder or not value or (matter is None and _ADDRESS.search(value)):
                continue
            target = from_parties if key == "before" else to_parties
            for name in _names(value):
                if name not in target:
                    target.append(name)
        elif key == "from":
            from_parties.extend(n for n in _names(value) if n not in from_parties)
        elif key == "to":
            to_parties.extend(n for n in _names(value) if n not in to_parties)
        elif value and key not in values:
            values[key] = value
    # combined titles (`...的生效、变更及注销`) say which one through their dates
    if "cancel_date" in values and event == "effective" and "、" in (chunk.title or ""):
        event = "cancel"
    elif "change_date" in values and event == "effective" and "、" in (chunk.title or ""):
        event = "change"
    order = {
        "effective": ("effective_date", "filing_date", "change_date", "cancel_date"),
        "change": ("change_date", "effective_date", "filing_date"),
        "cancel": ("cancel_date", "change_date", "effective_date", "filing_date"),
    }[event]
    if kind == "licence" and event == "effective":
        order = ("filing_date", "effective_date")
    date = next((d for k in order if (d := _date(values.get(k)))), None) or announce
    raw = chunk.text.strip()
    label = f"{chunk.title} event"
    if date is None:
        return None, f"{label} without a readable date: {raw[:120]!r}"
    if event == "effective" and (not from_parties or not to_parties):
        missing = "assignor/licensor/pledgor" if not from_parties else "assignee/licensee/pledgee"
        return None, f"{label} without {missing}: {raw[:120]!r}"
    amount, currency = None, None
    if values.get("amount"):
        try:
            amount, currency = parse_amount(values["amount"])
        except ValueError:
            return None, f"{label} with an unreadable amount {values['amount']!r}"
    return TransactionEvent(
        patent_number=patent_number,
        kind=kind,
        event=event,
        date=date,
        source=SourceRef(source.file, source.line, LEGAL_STATUS_FORMAT),
        from_parties=from_parties,
        to_parties=to_parties,
        licence_kind=licence_kind_of(values.get("licence_kind")) if kind == "licence" else None,
        amount=amount,
        currency=currency or ("CNY" if amount is not None else None),
        contract_number=values.get("contract_number") or None,
        announce_date=announce,
        title=chunk.title,
        raw=raw,
    ), None


def transactions_from_record(record: PatentRecord) -> tuple[list[TransactionEvent], list[Reject]]:
    """The events in one patent record's legal status, and a Reject per unreadable event."""
    events, problems = parse_legal_status(record.legal_status, record.number, record.source)
    rejects = [Reject(record.source.file, record.source.line, f"legal status of {record.number}: {p}",
                      record.legal_status or "") for p in problems]
    return events, rejects


def read_legal_status_events(paths: Iterable[str | Path], fmt: str | None = None) -> Iterator[TransactionEvent | Reject]:
    """Events from the legal-status column of patent exports (any format `read_patents` reads)."""
    from extract.patents import read_patents

    for path in paths:
        for item in read_patents(path, fmt):
            if isinstance(item, Reject):
                continue
            events, rejects = transactions_from_record(item)
            yield from events
            yield from rejects


