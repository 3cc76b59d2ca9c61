"""Patent transformation metrics over the transaction graph (see graph/ingest/transactions.py).

Each metric is a saved query (`cypher/transactions/<name>.cypher`, the saved-query header format of
`cypher.saved`), run here with typed parameters, so the same files can be bound to policy targets
(graph/targets.py) or run from the query catalogue.

  transformation_rate        per university / institute: share of its valid patents it transferred or
                             licensed out within N years of filing (or grant)
  top_receiving_firms        firms receiving the most patents by transfer / licence
  receiving_firms_sme        receiving firms with the SME heuristic: fewer than K (default 50) filed
                             patents in the graph and no 集团 / Group / 银行 / Bank in the name
  pledge_volume_by_city_year pledges, patents, contracts and amount (each contract once) per pledgor city
  transactions_in_province   effective transfers + licences with a party in the province: within /
                             outflow / inflow per year
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import neo4j

from cypher.saved import SavedQueryCatalog
from cypher.saved_model import SavedQuery
from cypher.saved_values import bind_parameters

METRIC_DIRS = ("transactions", "targets")
DEFAULT_SME_MAX_PATENTS = 50


@cache
def metric_catalog() -> SavedQueryCatalog:
    """The saved queries under cypher/transactions and cypher/targets (not the analyst catalogue)."""
    dirs = [Path(str(resources.files("cypher").joinpath(d))) for d in METRIC_DIRS]
    catalog = SavedQueryCatalog.load(dirs, include_shipped=False)
    if catalog.problems:
        raise ValueError("broken metric queries: " + "; ".join(str(p) for p in catalog.problems))
    return catalog


def metric_query(name: str) -> SavedQuery:
    return metric_catalog().get(name)


def run_metric(driver: neo4j.Driver, database: str, name: str, **params: Any) -> list[dict[str, Any]]:
    """Run a metric query with its declared defaults and typed parameters; rows as dicts."""
    query = metric_query(name)
    bound = bind_parameters(query, params)
    records, _, _ = driver.execute_query(query.text, bound, database_=database, routing_=neo4j.RoutingControl.READ)
    return [dict(r) for r in records]


def transformation_rate(driver: neo4j.Driver, database: str, *, years: int = 5, anchor: str = "application",
                        kinds: tuple[str, ...] = ("university", "research_institute"), province: str = "",
                        min_patents: int = 1) -> list[dict[str, Any]]:
    return run_metric(driver, database, "transformation_rate", years=years, anchor=anchor, kinds=list(kinds),
                      province=province, min_patents=min_patents)


def top_receiving_firms(driver: neo4j.Driver, database: str, *, limit: int = 20,
                        kinds: tuple[str, ...] = ("transfer", "licence"), from_year: int = 1900,
                        to_year: int = 2200) -> list[dict[str, Any]]:
    return run_metric(driver, database, "top_receiving_firms", limit=limit, kinds=list(kinds),
                      from_year=from_year, to_year=to_year)


@dataclass(frozen=True)
class SmeReceivers:
    receivers: int
    sme_receivers: int
    patents_received: int  # sum over firms of distinct patents received
    patents_to_smes: int
    max_patents: int
    firms: list[dict[str, Any]]

    @property
    def sme_share(self) -> float:
        return self.sme_receivers / self.receivers if self.receivers else 0.0

    @property
    def patent_share(self) -> float:
        return self.patents_to_smes / self.patents_received if self.patents_received else 0.0


def sme_receivers(driver: neo4j.Driver, database: str, *, max_patents: int = DEFAULT_SME_MAX_PATENTS,
                  kinds: tuple[str, ...] = ("transfer", "licence"), from_year: int = 1900,
                  to_year: int = 2200) -> SmeReceivers:
    firms = run_metric(driver, database, "receiving_firms_sme", max_patents=max_patents, kinds=list(kinds),
                       from_year=from_year, to_year=to_year)
    smes = [f for f in firms if f["sme"]]
    return SmeReceivers(len(firms), len(smes), sum(f["received"] for f in firms), sum(f["received"] for f in smes),
                        max_patents, firms)


def pledge_volume(driver: neo4j.Driver, database: str, *, province: str = "", from_year: int = 1900,
                  to_year: int = 2200) -> list[dict[str, Any]]:
    return run_metric(driver, database, "pledge_volume_by_city_year", province=province, from_year=from_year,
                      to_year=to_year)


@dataclass(frozen=True)
class ProvinceShare:
    province: str
    transactions: int
    within: int
    outflow: int
    inflow: int
    by_year: list[dict[str, Any]]

    @property
    def share_within(self) -> float:
        return self.within / self.transactions if self.transactions else 0.0


def province_share(driver: neo4j.Driver, database: str, *, province: str = "Jiangsu",
                   kinds: tuple[str, ...] = ("transfer", "licence"), from_year: int = 1900,
                   to_year: int = 2200) -> ProvinceShare:
    rows = run_metric(driver, database, "transactions_in_province", province=province, kinds=list(kinds),
                      from_year=from_year, to_year=to_year)
    return ProvinceShare(province, sum(r["total"] for r in rows), sum(r["within"] for r in rows),
                         sum(r["outflow"] for r in rows), sum(r["inflow"] for r in rows), rows)
