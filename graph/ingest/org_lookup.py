"""Transaction parties to the Organization nodes already in the graph (`OrganizationLookup`): by
resolution key (`name_norm`, known-organisation aliases included), then by a spelling seen before
(`aliases`), then, for a name without a legal form, by the one organisation with that core. It never
creates a node; `graph.ingest.transactions` makes one for a party found nowhere."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import neo4j

from cypher.catalog import statement
from extract.normalize import org_key, split_org_key
from extract.resolve import canonical_org_key


@dataclass(frozen=True, slots=True)
class OrgRef:
    """An organisation node a name resolved to, and how."""

    id: str
    name: str
    kind: str | None
    how: str  # id | key | alias | core | resolver (new node)


class OrganizationLookup:
    """Finds existing Organization nodes for raw names (and ids); never creates any."""

    def __init__(self, driver: neo4j.Driver, database: str) -> None:
        self.driver = driver
        self.database = database
        self._cache: dict[str, OrgRef | None] = {}

    def _read(self, name: str, **params: Any) -> list[neo4j.Record]:
        records, _, _ = self.driver.execute_query(
            statement(f"transactions/internal/{name}"), params, database_=self.database,
            routing_=neo4j.RoutingControl.READ,
        )
        return records

    def find(self, names: Iterable[str]) -> dict[str, OrgRef | None]:
        """Each name (or `org:` id) -> the existing organisation it means, or None."""
        wanted = [n for n in dict.fromkeys(n.strip() for n in names if n and n.strip()) if n not in self._cache]
        if wanted:
            found: dict[str, OrgRef] = {}
            ids = [n for n in wanted if n.startswith("org:")]
            if ids:
                for r in self._read("orgs_by_ids", ids=ids):
                    found[r["id"]] = OrgRef(r["id"], r["name"], r["kind"], "id")
            keys = {n: canonical_org_key(n) for n in wanted if n not in found and org_key(n)}
            if keys:
                by_key = {r["key"]: r for r in self._read("orgs_by_keys", keys=sorted(set(keys.values())))}
                for n, k in keys.items():
                    if k in by_key:
                        r = by_key[k]
                        found[n] = OrgRef(r["id"], r["name"], r["kind"], "key")
            rest = [n for n in wanted if n not in found and not n.startswith("org:")]
            if rest:
                owners: dict[str, set[str]] = defaultdict(set)
                refs: dict[str, OrgRef] = {}
                for r in self._read("orgs_by_alias", names=rest):
                    for spelling in [r["name"], *r["aliases"]]:
                        if spelling in rest:
                            owners[spelling].add(r["id"])
                            refs[r["id"]] = OrgRef(r["id"], r["name"], r["kind"], "alias")
                for n in rest:
                    if len(owners.get(n, ())) == 1:
                        found[n] = refs[next(iter(owners[n]))]
            rest = [n for n in wanted if n not in found and not n.startswith("org:")]
            split = {n: split_org_key(canonical_org_key(n)) for n in rest if org_key(n)}
            cores = {n: c for n, (c, family) in split.items() if family is None and c}
            if cores:
                by_core: dict[str, list[neo4j.Record]] = defaultdict(list)
                for r in self._read("orgs_by_core", cores=sorted(set(cores.values()))):
                    by_core[r["core"]].append(r)
                for n, c in cores.items():
                    hits = {r["id"]: r for r in by_core.get(c, [])}
                    if len(hits) == 1:  # a core that could mean two organisations stays unresolved
                        r = next(iter(hits.values()))
                        found[n] = OrgRef(r["id"], r["name"], r["kind"], "core")
            for n in wanted:
                self._cache[n] = found.get(n)
        return {n: self._cache.get(n.strip()) for n in names if n and n.strip()}

