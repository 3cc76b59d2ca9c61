"""Loads InnoGraph's own `.cypher` files once, as `LiteralString`s.

Statements are never assembled from user input. The one exception to "every value is a
parameter" is a node label or relationship type, which Cypher cannot parameterise: those come
from the data model's closed set, are checked against it and escaped by `escape_identifier`.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import LiteralString, cast

_IDENTIFIER_SLOT = re.compile(r"\{\{(\w+)\}\}")


class CypherFileError(ValueError):
    """A `.cypher` file is missing or malformed."""


@cache
def statement(name: str) -> LiteralString:
    """The text of `cypher/<name>.cypher` (e.g. `writes/merge_nodes`), loaded once."""
    path = resources.files("cypher").joinpath(f"{name}.cypher")
    if not path.is_file():
        raise CypherFileError(f"no Cypher file cypher/{name}.cypher in the package")
    return cast(LiteralString, path.read_text(encoding="utf-8"))


def split_statements(text: str) -> list[LiteralString]:
    """Split a file of `;`-terminated statements, dropping `//` comment lines and blanks."""
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return [cast(LiteralString, part.strip()) for part in body.split(";") if part.strip()]


def escape_identifier(name: str) -> str:
    """Backtick-quote a label, type or property name for Cypher (doubling embedded backticks)."""
    if not name or "\x00" in name:
        raise ValueError("an identifier must be a non-empty string without NUL")
    return "`" + name.replace("`", "``") + "`"


def with_identifiers(template: LiteralString, allowed: frozenset[str], **identifiers: str) -> LiteralString:
    """Fill `{{slot}}` placeholders with escaped identifiers taken from the closed set `allowed`."""
    for slot, value in identifiers.items():
        if value not in allowed:
            raise ValueError(f"{value!r} is not a known label or relationship type for slot {slot!r}")

    def fill(match: re.Match[str]) -> str:
        slot = match.group(1)
        if slot not in identifiers:
            raise CypherFileError(f"no identifier given for slot {{{{{slot}}}}}")
        return escape_identifier(identifiers[slot])

    return cast(LiteralString, _IDENTIFIER_SLOT.sub(fill, template))
