"""Who held a patent on a date (`owner_at`): the new owners of its last effective transfer on or before
that date, else its applicants."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import neo4j

from cypher.catalog import statement


@dataclass(frozen=True)
class Ownership:
    """Who held a patent on a date, and why the graph says so."""

    patent_id: str | None
    date: str
    owners: list[dict[str, Any]]  # [{id, name}] in filing / register order
    basis: str  # applicants | transfer | before_filing | unknown_patent
    transaction_id: str | None = None
    transfer_date: str | None = None


def owner_at(driver: neo4j.Driver, database: str, patent_id: str, date: str) -> Ownership:
    """The owners of a patent (node id or number) on an ISO date: the new owners of its last effective
    transfer on or before that date, else its applicants (nobody before its filing date)."""
    records, _, _ = driver.execute_query(
        statement("transactions/internal/ownership"), {"patent": patent_id, "date": date},
        database_=database, routing_=neo4j.RoutingControl.READ,
    )
    if not records:
        return Ownership(None, date, [], "unknown_patent")
    first = records[0]

    def people(items: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
        rows = [dict(i) for i in items if i.get("id")]
        rows.sort(key=lambda i: (i.get("sequence") is None, i.get("sequence") or 0))
        return [{"id": i["id"], "name": i["name"]} for i in rows]

    if first["application_date"] and date < first["application_date"]:
        return Ownership(first["patent_id"], date, [], "before_filing")
    transfers = [r for r in records if r["transaction_id"]]
    if not transfers:
        return Ownership(first["patent_id"], date, people(first["applicants"]), "applicants")
    last = max(transfers, key=lambda r: (r["date"], r["source_line"] or 0, r["transaction_id"]))
    return Ownership(first["patent_id"], date, people(last["owners"]), "transfer", last["transaction_id"], last["date"])
