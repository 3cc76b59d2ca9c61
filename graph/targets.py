"""Progress of policy targets that the graph can measure.

A Target node (written by the policy loader: metric, comparator, value, unit, deadline) is bound to a
figure by `cypher/targets/bindings.yaml` (by target id, or by rules on the metric text, the policy
title and region). A figure is a saved query (cypher/targets, cypher/transactions) returning
`year, value` rows; the binding says whether the rows are yearly flows or cumulate to a stock, and
how to compare: growth in % over a baseline year, a count, or an amount in yuan.

`target_progress` returns the baseline, the current value, the target, whether it is met now, a
linear trend (least squares over the last five years up to the current year) extrapolated to the
deadline, and the query name + parameters behind every figure, so each number can be re-run.
Targets no binding applies to, or that the bindings file lists as unmeasurable, come back with
`measurable = False` and the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import neo4j
import yaml

from cypher.catalog import statement
from graph.transformation import metric_query, run_metric

TREND_YEARS = 5
_GROWING = ("at_least", "reach", "above", "increase_by")
_UNIT_SCALE = (
    (re.compile(r"(?i)trillion|万亿"), 1e12),
    (re.compile(r"(?i)billion|十亿"), 1e9),
    (re.compile(r"亿"), 1e8),
    (re.compile(r"(?i)million|百万"), 1e6),
    (re.compile(r"万"), 1e4),
    (re.compile(r"(?i)thousand|千"), 1e3),
)


@dataclass(frozen=True)
class Binding:
    name: str
    query: str
    params: dict[str, Any]
    series: str  # flow | stock
    compare: str  # growth_pct | count | amount_sum
    baseline_year: int | str | None = None
    target_ids: tuple[str, ...] = ()
    metric: tuple[re.Pattern[str], ...] = ()
    policy: tuple[re.Pattern[str], ...] = ()
    region: str | None = None
    proxy: bool = False
    note: str = ""
    description: str = ""

    def applies(self, target: dict[str, Any]) -> bool:
        if target["id"] in self.target_ids:
            return True
        if not self.metric:
            return False
        if not any(p.search(target.get("metric") or "") for p in self.metric):
            return False
        if self.policy and not any(p.search(target.get("policy_title") or "") for p in self.policy):
            return False
        return not self.region or (target.get("policy_region") or "").startswith(self.region)


@dataclass(frozen=True)
class Unmeasurable:
    patterns: tuple[re.Pattern[str], ...]
    reason: str
    target_ids: tuple[str, ...] = ()

    def applies(self, target: dict[str, Any]) -> bool:
        return target["id"] in self.target_ids or any(p.search(target.get("metric") or "") for p in self.patterns)


@dataclass(frozen=True)
class Bindings:
    bindings: tuple[Binding, ...]
    unmeasurable: tuple[Unmeasurable, ...]

    def find(self, target: dict[str, Any]) -> Binding | Unmeasurable | None:
        """The binding for a target: by id first, then the unmeasurable list, then the rules."""
        for b in self.bindings:
            if target["id"] in b.target_ids:
                return b
        for u in self.unmeasurable:
            if u.applies(target):
                return u
        return next((b for b in self.bindings if b.applies(target)), None)


def _patterns(value: Any) -> tuple[re.Pattern[str], ...]:
    items = [value] if isinstance(value, str) else list(value or [])
    return tuple(re.compile(p) for p in items)


def load_bindings(path: str | Path | None = None) -> Bindings:
    """The bindings file (default: the shipped cypher/targets/bindings.yaml), checked against the queries."""
    if path is None:
        text = resources.files("cypher").joinpath("targets/bindings.yaml").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    bindings = []
    for entry in data.get("bindings") or []:
        match = entry.get("match") or {}
        binding = Binding(
            name=entry["name"], query=entry["query"], params=dict(entry.get("params") or {}),
            series=entry.get("series", "flow"), compare=entry.get("compare", "count"),
            baseline_year=entry.get("baseline_year"), target_ids=tuple(entry.get("target_ids") or ()),
            metric=_patterns(match.get("metric")), policy=_patterns(match.get("policy")),
            region=match.get("region"), proxy=bool(entry.get("proxy")), note=str(entry.get("note") or ""),
            description=str(entry.get("description") or ""),
        )
        if binding.series not in ("flow", "stock") or binding.compare not in ("growth_pct", "count", "amount_sum"):
            raise ValueError(f"binding {binding.name}: series must be flow|stock, compare growth_pct|count|amount_sum")
        query = metric_query(binding.query)  # raises UnknownQuery for a misspelt name
        unknown = set(binding.params) - {p.name for p in query.params}
        if unknown:
            raise ValueError(f"binding {binding.name}: query {binding.query} has no parameter(s) {sorted(unknown)}")
        bindings.append(binding)
    unmeasurable = [Unmeasurable(_patterns(u.get("match")), str(u.get("reason") or ""),
                                 tuple(u.get("target_ids") or ())) for u in data.get("unmeasurable") or []]
    return Bindings(tuple(bindings), tuple(unmeasurable))


@cache
def shipped_bindings() -> Bindings:
    return load_bindings()


@dataclass(frozen=True)
class Figure:
    """One number and the query call that produced it."""

    role: str  # baseline | current | series
    query: str
    params: dict[str, Any]
    year: int | None = None
    value: float | None = None


@dataclass
class TargetProgress:
    target_id: str
    metric: str | None
    measurable: bool
    reason: str = ""
    binding: str | None = None
    compare: str | None = None
    comparator: str | None = None
    target_value: float | None = None  # in the compared unit: %, a count, or yuan
    stated_value: float | None = None  # as the policy states it, in `unit` (80 for "80 billion yuan")
    unit: str | None = None
    deadline: int | None = None
    baseline_year: int | None = None
    baseline: float | None = None  # the figure's value in the baseline year (None before the data reaches it)
    current_year: int | None = None  # the latest year with data, when it is not before the baseline year
    current: float | None = None  # the figure's value in the current year
    latest_year: int | None = None  # the latest year with data, even when it is before the baseline year
    latest: float | None = None  # the figure's value in that year
    achieved: float | None = None  # growth % / count / amount now, comparable with target_value
    met: bool | None = None  # the target is met now
    trend_slope: float | None = None  # figure units per year
    trend: float | None = None  # the compared quantity extrapolated to the deadline
    on_track: bool | None = None
    series: list[tuple[int, float]] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    proxy: bool = False
    note: str = ""


def _read_target(driver: neo4j.Driver, database: str, target_id: str) -> dict[str, Any] | None:
    records, _, _ = driver.execute_query(statement("targets/internal/target"), {"id": target_id},
                                         database_=database, routing_=neo4j.RoutingControl.READ)
    return dict(records[0]) if records else None


def unit_scale(unit: str | None) -> float:
    """Yuan per unit of an amount target (`billion yuan` 1e9, `亿元` 1e8, `万元` 1e4, `yuan` 1)."""
    for pattern, scale in _UNIT_SCALE:
        if unit and pattern.search(unit):
            return scale
    return 1.0


def _baseline_year(spec: int | str | None, target: dict[str, Any], current_year: int) -> int:
    if isinstance(spec, int):
        return spec
    if isinstance(spec, str):
        if m := re.fullmatch(r"period_start-(\d+)", spec.strip()):
            if target.get("period_start"):
                return int(target["period_start"]) - int(m.group(1))
        if m := re.fullmatch(r"deadline-(\d+)", spec.strip()):
            if target.get("deadline"):
                return int(target["deadline"]) - int(m.group(1))
        if spec.strip().isdigit():
            return int(spec)
    # the policy period is unknown: five years before the deadline, the usual plan length
    if target.get("deadline"):
        return int(target["deadline"]) - 5
    return current_year - 1


def _linear(points: list[tuple[int, float]]) -> tuple[float, float] | None:
    """(intercept, slope) of the least-squares line through (year, value) points; None under two points."""
    if len(points) < 2:
        return None
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    return my - slope * mx, slope


def _meets(comparator: str | None, value: float | None, target: float | None) -> bool | None:
    if value is None or target is None:
        return None
    if comparator == "above":
        return value > target
    if comparator == "at_most":
        return value <= target
    return value >= target


def target_progress(
    driver: neo4j.Driver,
    database: str,
    target_id: str,
    *,
    bindings: Bindings | None = None,
    current_year: int | None = None,
    baseline_year: int | None = None,
) -> TargetProgress:
    """Progress of one target; `current_year` / `baseline_year` override the data's and the binding's."""
    target = _read_target(driver, database, target_id)
    if target is None:
        return TargetProgress(target_id, None, False, reason="no such target")
    bindings = bindings or shipped_bindings()
    found = bindings.find(target)
    raw_target = target["normalised_value"] if target["normalised_value"] is not None else target["value"]
    progress = TargetProgress(target_id, target["metric"], False, comparator=target["comparator"],
                              unit=target["normalised_unit"] or target["unit"], deadline=target["deadline"],
                              stated_value=float(raw_target) if raw_target is not None else None)
    if found is None:
        progress.reason = "no binding applies: the metric is not one the graph has a figure for"
        return progress
    if isinstance(found, Unmeasurable):
        progress.reason = found.reason
        return progress
    binding = found
    progress.measurable, progress.binding, progress.compare = True, binding.name, binding.compare
    progress.proxy, progress.note = binding.proxy, binding.note
    # the target in the compared unit does not depend on the data: "80 billion yuan" is 8e10 yuan
    # even before any amount is loaded
    if raw_target is not None:
        scale = unit_scale(progress.unit) if binding.compare == "amount_sum" else 1.0
        progress.target_value = float(raw_target) * scale

    params = dict(binding.params)
    to_year = current_year or 2200
    series_params = {**params, "from_year": 1900, "to_year": to_year}
    rows = run_metric(driver, database, binding.query, **series_params)
    values = {int(r["year"]): float(r["value"] or 0) for r in rows if r["year"] is not None}
    latest = current_year or (max(values) if values else None)
    if latest is None:
        progress.reason = "the figure has no data yet"
        progress.figures.append(Figure("series", binding.query, series_params))
        return progress
    base_year = baseline_year if baseline_year is not None else _baseline_year(binding.baseline_year, target, latest)
    first = min([*values, base_year, latest])
    series: list[tuple[int, float]] = []
    running = 0.0
    for year in range(first, latest + 1):
        value = values.get(year, 0.0)
        running = running + value if binding.series == "stock" else value
        series.append((year, running))
    at = dict(series)
    progress.series = series
    progress.baseline_year, progress.latest_year, progress.latest = base_year, latest, at[latest]
    progress.figures.append(Figure("series", binding.query, series_params))
    window = [(y, v) for y, v in series if y >= latest - TREND_YEARS + 1]
    line = _linear(window)
    if line is not None:
        progress.trend_slope = line[1]
    if latest < base_year:
        # the data ends before the baseline year: there is neither a baseline nor a current value
        # to compare yet (a value of a year before the baseline is not progress towards the target)
        progress.reason = (f"no data for the baseline year {base_year} yet: the figure's latest year is {latest} "
                           f"({at[latest]:g}); progress is measured from {base_year} on")
        return progress

    flow_window = {"from_year": 1900 if binding.series == "stock" else None}
    progress.current_year, progress.current = latest, at[latest]
    progress.baseline = at[base_year]
    for role, year in (("baseline", base_year), ("current", latest)):
        span = {"from_year": flow_window["from_year"] or year, "to_year": year}
        progress.figures.insert(-1, Figure(role, binding.query, {**params, **span}, year, at[year]))

    def compared(value: float) -> float | None:
        if binding.compare == "growth_pct":
            return (value / progress.baseline - 1) * 100 if progress.baseline else None
        return value

    progress.achieved = compared(progress.current)
    progress.met = _meets(target["comparator"], progress.achieved, progress.target_value)
    deadline = target["deadline"]
    if line is not None and deadline is not None:
        intercept, slope = line
        progress.trend = compared(intercept + slope * max(int(deadline), latest))
    if deadline is not None and latest >= int(deadline):
        progress.on_track = progress.met
    else:
        progress.on_track = _meets(target["comparator"], progress.trend, progress.target_value)
    if latest == base_year:
        progress.reason = f"no data after the baseline year {base_year} yet; on_track follows the trend"
    elif binding.compare == "growth_pct" and not progress.baseline:
        progress.reason = f"the figure is 0 in the baseline year {base_year}: growth from nothing is not a percentage"
    return progress


@dataclass(frozen=True)
class TargetBindingInfo:
    target_id: str
    metric: str | None
    policy_title: str | None
    deadline: int | None
    measurable: bool
    binding: str | None
    reason: str


def measurable_targets(driver: neo4j.Driver, database: str, region: str = "",
                       bindings: Bindings | None = None) -> list[TargetBindingInfo]:
    """Every target of the region's policies (region code prefix, e.g. CN-JS; empty = all), with its
    binding or the reason it cannot be measured. Filter on `.measurable` for the measurable ones."""
    bindings = bindings or shipped_bindings()
    records, _, _ = driver.execute_query(statement("targets/internal/targets_of_region"), {"region": region},
                                         database_=database, routing_=neo4j.RoutingControl.READ)
    out = []
    for r in records:
        target = dict(r)
        found = bindings.find(target)
        if isinstance(found, Binding):
            out.append(TargetBindingInfo(r["id"], r["metric"], r["policy_title"], r["deadline"], True, found.name,
                                         found.note))
        else:
            reason = found.reason if isinstance(found, Unmeasurable) else "no binding applies"
            out.append(TargetBindingInfo(r["id"], r["metric"], r["policy_title"], r["deadline"], False, None, reason))
    return out
