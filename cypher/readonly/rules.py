"""The limits and allow-lists of the read-only Cypher subset, in one place (the README lists them)."""

from __future__ import annotations

MAX_QUERY_BYTES = 65_536
"""Largest query (UTF-8 bytes, a saved file's header included) the checker reads at all."""

MAX_TOKENS = 8_192
"""Most tokens (words, numbers, symbols, comments; not spaces) a query may have. The longest shipped
query has under 400; the cap keeps the worst 64 KB input cheap to refuse (bench/readonly_check.py)."""

MAX_NESTING = 32
"""Deepest nesting of brackets `( [ {`, checked while lexing, before any parsing."""

MAX_DEPTH = 96
"""Deepest nesting of the grammar itself (brackets, NOT chains, CASE in CASE, subqueries)."""

MAX_HOPS = 6
"""Most relationships one variable-length relationship or quantified path pattern may span."""

ALLOWED_PROCEDURES: frozenset[str] = frozenset(
    {"db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
     "db.index.fulltext.queryNodes"}
)
"""Procedures `CALL` may name: read-only schema listings and Neo4j's full-text index search (which
the API's search runs), compared by exact spelling."""

ALLOWED_FUNCTIONS: frozenset[str] = frozenset(
    name.lower()
    for name in (
        # aggregation
        "avg collect count max min percentileCont percentileDisc stDev stDevP sum"
        # predicates (any/all/none/single also have their own `x IN list WHERE p` form)
        " all any none single exists isEmpty"
        # scalar
        " char_length character_length coalesce elementId endNode head id last length nullIf"
        " properties randomUUID size startNode timestamp toBoolean toBooleanOrNull toFloat"
        " toFloatOrNull toInteger toIntegerOrNull type valueType"
        # lists
        " keys labels nodes range reduce relationships reverse tail toBooleanList toFloatList"
        " toIntegerList toStringList"
        # numbers
        " abs ceil floor isNaN rand round sign e exp log log10 sqrt acos asin atan atan2 cos cot"
        " degrees haversin pi radians sin tan"
        # strings
        " btrim left lower ltrim normalize replace right rtrim split substring toLower toString"
        " toStringOrNull toUpper trim upper"
        # temporal and spatial constructors
        " date datetime localdatetime localtime time duration point distance"
    ).split()
)
"""Built-in functions without a namespace (compared case-insensitively, as Cypher does)."""

ALLOWED_FUNCTION_NAMESPACES: frozenset[str] = frozenset(
    {"date", "datetime", "localdatetime", "localtime", "time", "duration", "point", "vector.similarity"}
)
"""Namespaces of built-in, side-effect-free functions (`date.truncate`, `point.distance`, ...)."""

CLAUSE_STARTS: frozenset[str] = frozenset({"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL"})
"""The words a clause of the subset starts with."""

_WRITE = "write clause"
_ADMIN = "schema or administration command"
REFUSED_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ("CREATE", "MERGE", "SET", "DELETE", "DETACH", "NODETACH", "REMOVE", "FOREACH", "INSERT"), _WRITE
    ),
    "LOAD": "data import (LOAD CSV)",
    **dict.fromkeys(
        ("DROP", "ALTER", "GRANT", "DENY", "REVOKE", "RENAME", "TERMINATE", "ENABLE", "DEALLOCATE")
        + ("REALLOCATE", "SHOW", "USE", "START", "STOP"),
        _ADMIN,
    ),
    "PROFILE": "PROFILE prefix (it executes the query)",
    "EXPLAIN": "EXPLAIN prefix",
    "CYPHER": "CYPHER options prefix",
}
"""Words named in a refusal when they stand where a clause would: what they would have done."""

QUOTE_AS_NAMES: frozenset[str] = frozenset(
    {"CREATE", "MERGE", "SET", "DELETE", "DETACH", "NODETACH", "REMOVE", "FOREACH", "INSERT", "LOAD"}
    | {"DROP", "ALTER", "GRANT", "DENY", "REVOKE", "RENAME", "TERMINATE", "USE", "SHOW"}
)
"""Write and administration words that must be backtick-quoted to serve as a variable or an alias.

They stay usable unquoted where the grammar allows only a name: property keys (`n.set`), labels and
relationship types (`:Delete`), map keys (`{merge: 1}`) and map projection keys (`{.create}`)."""

SAFE_NON_ASCII_LETTERS: tuple[str, ...] = (
    "CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH", "HIRAGANA", "KATAKANA")
SAFE_NON_ASCII_LETTERS += ("HANGUL SYLLABLE",)
"""Non-ASCII letters allowed in unquoted names: none of them can pass for, or fold into, a Latin letter."""
