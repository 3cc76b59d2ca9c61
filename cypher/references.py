"""Parameter values that name things in the graph, checked before a saved query runs.

`cypher/queries/references.yaml` says which parameter of which shipped query names a region, a
segment, a chain, an organisation ... (its *kind*). Before the query runs, every such non-empty value
is looked up the way the query itself matches it (`cypher/references/<kind>.cypher` answers `found`);
a value that names nothing is refused with a `ParameterError` listing the nearest names the graph
holds (`<kind>_names.cypher`, ranked by `difflib`), so CLI, REST and GraphQL all refuse
`region=Atlantis` instead of answering "every segment is without regional patents".

The check is a flow (a generator that yields `(statement, params)` and receives rows), run by the
sync or the async driver alike (`check_references`, `acheck_references`).
"""

from __future__ import annotations

import difflib
from collections.abc import Generator, Mapping
from functools import cache
from importlib import resources
from typing import Any

import neo4j
import yaml

from cypher.catalog import statement
from cypher.saved_model import ParameterError, SavedQuery

KINDS: Mapping[str, str] = {
    "place": "a province, city or region code",
    "org_place": "an organisation's province or city",
    "province": "an organisation's province",
    "city": "an organisation's city",
    "inventor_place": "an inventor's province or city",
    "segment": "a chain segment id, key or name",
    "chain": "an industrial chain id, key or name",
    "policy_region": "a policy region code",
    "organization": "an organisation id or name",
    "consortium": "a consortium id or name",
    "policy": "a policy id, document number or title",
    "measure": "a measure id",
}
SUGGESTIONS = 3

_Flow = Generator[tuple[str, dict[str, Any]], list[dict[str, Any]], None]


@cache
def references() -> dict[str, dict[str, str]]:
    """query name -> {parameter: kind}, from the shipped references.yaml (kinds checked)."""
    text = resources.files("cypher").joinpath("queries/references.yaml").read_text(encoding="utf-8")
    table = {str(q): {str(p): str(k) for p, k in (params or {}).items()} for q, params in
             (yaml.safe_load(text) or {}).items()}
    unknown = sorted({k for params in table.values() for k in params.values()} - set(KINDS))
    if unknown:
        raise ValueError(f"cypher/queries/references.yaml: unknown kind(s) {unknown}; use {sorted(KINDS)}")
    return table


def suggestions(value: str, names: list[str], n: int = SUGGESTIONS) -> list[str]:
    """The names closest to `value`: spelling first (difflib), then names containing it or contained in it."""
    folded: dict[str, str] = {}
    for name in sorted({n for n in names if n}, key=lambda n: (n != n.lower(), n)):  # keys (lower case) first
        folded.setdefault(name.casefold(), name)
    close = difflib.get_close_matches(value.casefold(), list(folded), n=n, cutoff=0.6)
    found = [folded[c] for c in close]
    needle = value.casefold()
    for key, name in folded.items():
        if len(found) >= n:
            break
        if name not in found and (needle in key or (len(key) >= 2 and key in needle)):
            found.append(name)
    return found


def unknown_message(name: str, value: str, kind: str, near: list[str]) -> str:
    hint = f"; did you mean {', '.join(repr(s) for s in near)}?" if near else ""
    return f"{name}={value!r} names nothing in the graph (expected {KINDS[kind]}){hint}"


def _flow(query: SavedQuery, bound: Mapping[str, object]) -> _Flow:
    problems = []
    for name, kind in references().get(query.name, {}).items():
        value = bound.get(name)
        if not isinstance(value, str) or (not value.strip() and not _required(query, name)):
            continue
        rows = yield (f"references/{kind}", {"value": value})
        if rows and rows[0].get("found"):
            continue
        names = yield (f"references/{kind}_names", {"value": value})
        problems.append(unknown_message(name, value, kind, suggestions(value, [str(r["name"]) for r in names])))
    if problems:
        raise ParameterError(query.name, problems)


def _required(query: SavedQuery, name: str) -> bool:
    param = query.param(name)
    return bool(param and param.required)


def check_references(driver: neo4j.Driver, database: str, query: SavedQuery, bound: Mapping[str, object]) -> None:
    """Raise `ParameterError` when a value of `query` names nothing in the graph (module docstring)."""
    flow = _flow(query, bound)
    try:
        name, params = next(flow)
        while True:
            records, _, _ = driver.execute_query(statement(name), params, database_=database,
                                                 routing_=neo4j.RoutingControl.READ)
            name, params = flow.send([dict(r) for r in records])
    except StopIteration:
        return


async def acheck_references(driver: neo4j.AsyncDriver, database: str, query: SavedQuery,
                            bound: Mapping[str, object]) -> None:
    """`check_references` for the async driver."""
    flow = _flow(query, bound)
    try:
        name, params = next(flow)
        while True:
            records, _, _ = await driver.execute_query(statement(name), params, database_=database,
                                                       routing_=neo4j.RoutingControl.READ)
            name, params = flow.send([dict(r) for r in records])
    except StopIteration:
        return
