"""DataLoaders, made per request: nested fields ask for one id each and get batched `UNWIND $ids` reads.

Paged children (an organisation's patents, an inventor's patents) are keyed by (id, skip, limit);
one batch issues one query per distinct (skip, limit) — in practice one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from api.repositories import Repositories
from api.repositories.base import Page

T = TypeVar("T")
PageKey = tuple[str, int, int]


def load_one(loader: DataLoader[str, Any], key: object, make: Callable[[dict[str, Any]], T]) -> Awaitable[T | None]:
    """The entity for `key` through the request's DataLoader (one batched read for every `key` of the
    request), made by `make` (a type's `from_row`); None when no node has that id. Every "load one by id"
    of the schema goes through here."""

    async def one() -> T | None:
        row = await loader.load(str(key))
        return make(row) if row else None

    return one()


def _loader(fn: Callable[[Sequence[str]], Awaitable[list[Any]]]) -> DataLoader[str, Any]:
    async def load(keys: list[str]) -> list[Any]:
        return await fn(keys)

    return DataLoader(load_fn=load)


def _by_param(fn: Callable[..., Awaitable[list[Any]]]) -> DataLoader[tuple[Any, ...], Any]:
    """Keys are (id, *params); one call of `fn(ids, *params)` per distinct params."""

    async def load(keys: list[tuple[Any, ...]]) -> list[Any]:
        groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
        for key in keys:
            groups[key[1:]].append(key[0])
        answers: dict[tuple[Any, ...], Any] = {}
        for params, ids in groups.items():
            for node_id, value in zip(ids, await fn(ids, *params)):
                answers[(node_id, *params)] = value
        return [answers[key] for key in keys]

    return DataLoader(load_fn=load)


class Loaders:
    def __init__(self, repos: Repositories) -> None:
        p, o, i, pol, c = repos.patents, repos.organizations, repos.inventors, repos.policies, repos.chains
        self.patent = _loader(p.by_ids)
        self.applicants = _loader(p.applicants_of)
        self.inventors_of_patent = _loader(p.inventors_of)
        self.segments_of_patent = _loader(p.segments_of)
        self.organization = _loader(o.by_ids)
        self.org_patents: DataLoader[tuple[Any, ...], Page] = _by_param(o.patents_of)
        self.partners = _by_param(o.partners_of)
        self.inventor = _loader(i.by_ids)
        self.inventor_patents: DataLoader[tuple[Any, ...], Page] = _by_param(i.patents_of)
        self.coinventors = _by_param(i.coinventors_of)
        self.inventor_orgs = _loader(i.organizations_of)
        self.policy = _loader(pol.by_ids)
        self.measures_of_policy = _loader(pol.measures_of)
        self.targets_of_policy = _loader(pol.targets_of)
        self.measure = _loader(pol.measures_by_ids)
        self.policy_of_measure = _loader(pol.policy_of_measures)
        self.targets_of_measure = _loader(pol.targets_of_measures)
        self.segments_of_measure = _loader(pol.segments_of_measures)
        self.measure_of_target = _loader(pol.measure_of_targets)
        self.policy_of_target = _loader(pol.policy_of_targets)
        self.chain = _loader(c.by_ids)
        self.segment = _loader(c.segments_by_ids)
        self.segments_of_chain = _loader(c.segments_of)
        self.feeds_of_chain = _loader(c.feeds_of)
        self.segment_links = _loader(c.segment_links)
        self.segment_patent_count = _loader(c.patent_counts)
