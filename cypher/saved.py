"""Saved analyst queries: `.cypher` files with a typed header, loaded into a catalog and bound to parameters.

A saved query is one read-only Cypher statement in a file `<name>.cypher`, shipped in the package
under `cypher/queries/` or kept in a user directory listed in `INNOGRAPH_CYPHER_PATH`. The file format
(header fields, parameter types, the rules a file must follow to load) is in `cypher.saved_format`,
the types and errors in `cypher.saved_model`, parameter values and binding in `cypher.saved_values`;
this module is the catalog.

Name clashes: a name means one query. Shipped queries cannot be overridden: a user file with a
shipped query's name is refused, as is a later user file repeating an earlier one's name; copy a
query under a new name to change it. Problems are collected per file, so one broken file does not
hide the others (`SavedQueryCatalog.problems`).
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from cypher.saved_format import parse_saved_query
from cypher.saved_model import SavedQuery, SavedQueryError, UnknownQuery


@dataclass(frozen=True, slots=True)
class CatalogProblem:
    """A file the catalog could not load, and why."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass(frozen=True)
class SavedQueryCatalog:
    """The saved queries by name, with the problems met while loading them."""

    queries: Mapping[str, SavedQuery] = field(default_factory=dict)
    problems: tuple[CatalogProblem, ...] = ()

    @classmethod
    def load(cls, dirs: Sequence[Path] = (), *, include_shipped: bool = True) -> SavedQueryCatalog:
        """Load the package's `cypher/queries/*.cypher`, then each user directory in order."""
        queries: dict[str, SavedQuery] = {}
        problems: list[CatalogProblem] = []

        def add(query: SavedQuery) -> None:
            earlier = queries.get(query.name)
            if earlier is None:
                queries[query.name] = query
                return
            why = "shipped queries cannot be overridden" if earlier.shipped else "the first one is kept"
            problems.append(
                CatalogProblem(
                    query.origin,
                    f"query {query.name!r} is already defined by {earlier.origin};"
                    f" {why}, so give this one another name",
                )
            )

        for origin, text, path, shipped in _query_sources(dirs, include_shipped, problems):
            try:
                query = parse_saved_query(text, origin)
            except SavedQueryError as broken:
                problems.extend(CatalogProblem(broken.origin, problem) for problem in broken.problems)
                continue
            add(dataclasses.replace(query, path=path, shipped=shipped))
        return cls(dict(sorted(queries.items())), tuple(problems))

    def get(self, name: str) -> SavedQuery:
        """The query called `name`; `UnknownQuery` suggests close names."""
        try:
            return self.queries[name]
        except KeyError:
            skipped = [str(p) for p in self.problems if p.origin.endswith(".cypher") and Path(p.origin).stem == name]
            raise UnknownQuery(name, difflib.get_close_matches(name, list(self.queries), n=3), skipped) from None

    def names(self) -> list[str]:
        """The names of all loaded queries, sorted."""
        return sorted(self.queries)

    def __contains__(self, name: object) -> bool:
        return name in self.queries

    def __iter__(self) -> Iterator[SavedQuery]:
        return iter(self.queries.values())

    def __len__(self) -> int:
        return len(self.queries)


def _query_sources(
    dirs: Sequence[Path], include_shipped: bool, problems: list[CatalogProblem]
) -> Iterator[tuple[str, str, Path | None, bool]]:
    """(origin, text, path, shipped) of every `.cypher` file to load, shipped ones first, sorted per directory."""
    if include_shipped:
        shipped_dir = resources.files("cypher").joinpath("queries")
        if shipped_dir.is_dir():
            for entry in sorted(shipped_dir.iterdir(), key=lambda e: e.name):
                if entry.name.endswith(".cypher") and entry.is_file():
                    path = entry if isinstance(entry, Path) else None
                    yield f"cypher/queries/{entry.name}", entry.read_text(encoding="utf-8"), path, True
    for directory in dirs:
        if not directory.is_dir():
            problems.append(CatalogProblem(str(directory), "not a directory (from INNOGRAPH_CYPHER_PATH)"))
            continue
        for path in sorted(p for p in directory.glob("*.cypher") if p.is_file()):
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as unreadable:
                problems.append(CatalogProblem(str(path), f"cannot read the file: {unreadable}"))
                continue
            yield str(path), text, path, False
