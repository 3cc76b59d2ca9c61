"""Region nodes (country -> province -> city) for a resolved location."""

from __future__ import annotations

from functools import cache
from typing import Any

from extract.normalize import load_data
from extract.orgs import RegionRef
from graph.batch import GraphBatch
from core.model import node_id

COUNTRY_NAMES = {"CN": ("China", "中国")}


@cache
def _provinces() -> dict[str, dict[str, Any]]:
    return {p["code"]: p for p in load_data("regions_cn.yaml")["provinces"]}


@cache
def _cities() -> dict[str, dict[str, Any]]:
    data = load_data("regions_cn.yaml")
    return {c["code"]: c for c in data["cities"] + data["other_cities"]}


def region_chain(ref: RegionRef) -> list[tuple[str, dict[str, Any]]]:
    """(id, properties) of the regions containing `ref`, broadest first; empty when unknown."""
    keys = ref.region_keys()
    chain: list[tuple[str, dict[str, Any]]] = []
    for depth, key in enumerate(keys):
        if depth == 0:
            name, name_zh = COUNTRY_NAMES.get(key, (key, None))
            props = {"code": key, "name": name, "name_zh": name_zh, "level": "country"}
        elif depth == 1:
            province = _provinces().get(ref.province_code or "", {})
            props = {"code": key, "name": ref.province, "name_zh": province.get("zh"), "level": "province"}
        else:
            city = _cities().get(ref.city_code or "", {})
            props = {"code": key, "name": ref.city, "name_zh": city.get("zh"), "level": "city",
                     "province": ref.province}
        chain.append((node_id("Region", key), props))
    return chain


def add_located_in(
    batch: GraphBatch, org_id: str, region: RegionRef, chain: list[tuple[str, dict[str, Any]]]
) -> None:
    """The regions of `chain` (broadest first) linked child -> parent, and the organisation LOCATED_IN
    the narrowest, with the confidence and source field of its location."""
    for (rid, rprops), parent in zip(chain, [None, *chain[:-1]]):  # noqa: B905 (one longer when empty)
        batch.node("Region", rid, rprops)
        if parent is not None:
            batch.relationship("LOCATED_IN", ("Region", rid), ("Region", parent[0]))
    if chain:
        batch.relationship("LOCATED_IN", ("Organization", org_id), ("Region", chain[-1][0]),
                           {"confidence": region.confidence, "source_field": region.source_field})
