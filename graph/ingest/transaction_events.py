"""Transaction events into a batch: the PatentTransaction node and its party edges (`add_event`), a new
party organisation (`add_organization_node`), the flags of a patent from all its events
(`patent_flags`), and the PatentLoader's hook for events in a record's legal status
(`add_record_transactions`). The graph model is described in `graph.ingest.transactions`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from extract.orgs import extract_region
from extract.records import PatentRecord, Reject
from extract.resolve import ResolvedOrg, known_address
from extract.transactions import TransactionEvent, transactions_from_record
from graph.batch import GraphBatch
from graph.ingest.regions import add_located_in, region_chain
from core.model import node_id

EXTRACTOR = "innograph.transactions"
EXTRACTOR_VERSION = "1"

# The Cypher predicate transfer matching uses to leave out patents that are no longer available.
AVAILABLE_FOR_TRANSFER = "coalesce(p.transferred, false) = false AND coalesce(p.exclusively_licensed, false) = false"
EXCLUSIVE_KINDS = ("exclusive", "sole")


def transaction_id(patent_id: str, event: TransactionEvent, from_ids: Iterable[str], to_ids: Iterable[str]) -> str:
    """Same patent, kind, event, date and parties -> same node, whichever source (CSV, register) said it."""
    return node_id("PatentTransaction", patent_id, event.kind, event.event, event.date,
                   "|".join(sorted(set(from_ids))), "|".join(sorted(set(to_ids))))


def add_organization_node(batch: GraphBatch, org: ResolvedOrg, raw: str, document_id: str | None = None,
                          extractor: str = EXTRACTOR) -> None:
    """A new organisation (a bank, a fund, a firm that never filed) with its region, as PatentLoader writes one."""
    region = extract_region(raw, known_address(org.name), None, None)
    batch.node("Organization", org.id, {
        "name": org.name, "name_norm": org.name_norm, "kind": org.kind, "kind_confidence": org.kind_confidence,
        "country": region.country, "province": region.province, "city": region.city,
        "extractor": extractor, "extractor_version": EXTRACTOR_VERSION,
    }, aliases=[raw], sources=[document_id] if document_id else [])
    add_located_in(batch, org.id, region, region_chain(region))


# --- events -> batch ------------------------------------------------------------------------------


def add_event(batch: GraphBatch, event: TransactionEvent, patent_id: str,
              from_orgs: list[tuple[str, str]], to_orgs: list[tuple[str, str]]) -> str:
    """Write one event node and its edges; `from_orgs` / `to_orgs` are (org id, raw name) in order."""
    tid = transaction_id(patent_id, event, (i for i, _ in from_orgs), (i for i, _ in to_orgs))
    batch.node("PatentTransaction", tid, {
        "kind": event.kind, "event": event.event, "date": event.date, "year": int(event.date[:4]),
        "amount": event.amount, "currency": event.currency, "contract_number": event.contract_number,
        "licence_kind": event.licence_kind, "patent_number": event.patent_number,
        "from_names": [n for _, n in from_orgs] or None, "to_names": [n for _, n in to_orgs] or None,
        "title": event.title, "announce_date": event.announce_date, "record_source": event.record_source,
        "source_file": event.source.file, "source_line": event.source.line, "source_format": event.source.format,
        "extractor": EXTRACTOR, "extractor_version": EXTRACTOR_VERSION,
    })
    batch.relationship("TRANSACTION_OF", ("PatentTransaction", tid), ("Patent", patent_id))
    for rel, orgs in (("FROM_PARTY", from_orgs), ("TO_PARTY", to_orgs)):
        for sequence, (oid, raw) in enumerate(orgs, 1):
            batch.relationship(rel, ("PatentTransaction", tid), ("Organization", oid),
                               {"sequence": sequence, "name": raw})
    return tid


@dataclass(frozen=True, slots=True)
class FlagEvent:
    kind: str
    event: str
    date: str
    contract_number: str | None
    licence_kind: str | None
    to_ids: tuple[str, ...]


def patent_flags(events: Iterable[FlagEvent]) -> dict[str, Any]:
    """Flags of a patent from all its transaction events.

    A licence or pledge is active when its effective event has no cancel event for the same contract
    (contract number, else the same receiving parties) on or after its date.
    """
    events = sorted(events, key=lambda e: e.date)
    transfers = [e for e in events if e.kind == "transfer" and e.event == "effective"]
    active: dict[str, dict[tuple[Any, ...], FlagEvent]] = {"licence": {}, "pledge": {}}
    for e in events:
        if e.kind not in active:
            continue
        key = (e.contract_number,) if e.contract_number else tuple(sorted(e.to_ids))
        if e.event == "effective":
            active[e.kind][key] = e
        elif e.event == "cancel":
            active[e.kind].pop(key, None)
        elif e.event == "change" and key in active[e.kind] and e.licence_kind:
            active[e.kind][key] = e
    licences = list(active["licence"].values())
    return {
        "transferred": bool(transfers),
        "transfer_count": len(transfers),
        "last_transfer_date": transfers[-1].date if transfers else None,
        "licensed": bool(licences),
        "exclusively_licensed": any(e.licence_kind in EXCLUSIVE_KINDS for e in licences),
        "pledged": bool(active["pledge"]),
        "transaction_count": len(events),
    }


def add_record_transactions(
    batch: GraphBatch,
    record: PatentRecord,
    patent_id: str,
    resolve: Callable[[str], ResolvedOrg | None],
    add_org: Callable[[ResolvedOrg, str], None],
) -> list[Reject]:
    """The PatentLoader hook: events of a record's legal status into the batch, flags on its patent.

    `resolve` is the loader's name -> ResolvedOrg (its own resolver, so transaction parties and applicants
    share nodes); `add_org(org, raw)` writes an organisation node as the loader does for applicants.
    """
    events, rejects = transactions_from_record(record)
    flags: list[FlagEvent] = []
    for event in events:
        sides: list[list[tuple[str, str]]] = []
        for names in (event.from_parties, event.to_parties):
            side: list[tuple[str, str]] = []
            for raw in names:
                org = resolve(raw)
                if org is None:
                    continue
                add_org(org, raw)
                if org.id not in [i for i, _ in side]:
                    side.append((org.id, raw))
            sides.append(side)
        add_event(batch, event, patent_id, sides[0], sides[1])
        flags.append(FlagEvent(event.kind, event.event, event.date, event.contract_number, event.licence_kind,
                               tuple(i for i, _ in sides[1])))
    if events:
        batch.node("Patent", patent_id, {k: v for k, v in patent_flags(flags).items() if v is not None})
    return rejects
