"""Saved Cypher that cannot write, by construction: an allow-list parser of a read-only Cypher subset.

`check_read_only(text)` parses the text with a grammar that holds only reading clauses and returns
its syntax tree, or raises `UnsafeQuery(reason, position, line, column)`. Nothing is searched for:
whatever the grammar does not derive is refused, so a write clause is refused wherever it stands,
and no identifier can change how the rest is read. The grammar is written out in `clauses.py`,
`patterns.py` and `expressions.py`; the lexer (`lexer.py`) refuses text two Cypher implementations
might tokenise differently.

The rules, all checked here, so the catalog applies them when it loads a file and the runner again
before each run:
  * at most `MAX_QUERY_BYTES` (64 KB) and brackets nested at most `MAX_NESTING` (32) deep, checked
    before parsing; the parser is linear (no backtracking) and its recursion is capped (`MAX_DEPTH`);
  * one statement (a trailing `;` is fine) of the read-only subset: MATCH, OPTIONAL MATCH, WHERE,
    WITH, UNWIND, RETURN, ORDER BY / SKIP / LIMIT, UNION, read-only CALL { } subqueries, EXISTS /
    COUNT / COLLECT subqueries, the expression language, USING hints;
  * every variable-length relationship and quantified path pattern has an upper bound, and spans at
    most `MAX_HOPS` (6) relationships;
  * procedures only from `ALLOWED_PROCEDURES` (exact spelling), functions only from
    `ALLOWED_FUNCTIONS` or `ALLOWED_FUNCTION_NAMESPACES`;
  * write and administration words (CREATE, SET, ...) as variables or aliases must be backtick-quoted
    (`set`), as must the grammar's own keywords (`as`, `match`, `end`, ...); as property keys,
    labels and map keys they need no quotes (`n.set`, `:Delete`, `{merge: 1}`);
  * strings use backslash escapes; in case a backend read backslashes literally, no text inside a
    string may turn into a write word, a CALL, a function call or a `;` when read that way.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from cypher.readonly.clauses import QueryParser
from cypher.readonly.lexer import Lexed, UnsafeQuery, describe_char, lex, refusal
from cypher.readonly.rules import (
    REFUSED_WORDS,
    ALLOWED_FUNCTION_NAMESPACES,
    ALLOWED_FUNCTIONS,
    ALLOWED_PROCEDURES,
    MAX_DEPTH,
    MAX_HOPS,
    MAX_NESTING,
    MAX_QUERY_BYTES,
    MAX_TOKENS,
)
from cypher.readonly.syntax import Node

__all__ = [
    "ALLOWED_FUNCTIONS",
    "ALLOWED_FUNCTION_NAMESPACES",
    "ALLOWED_PROCEDURES",
    "MAX_DEPTH",
    "MAX_HOPS",
    "MAX_NESTING",
    "MAX_TOKENS",
    "MAX_QUERY_BYTES",
    "Node",
    "ReadQuery",
    "Token",
    "TokenKind",
    "UnsafeQuery",
    "check_read_only",
    "describe_char",
    "refusal",
    "tokenize",
]


@dataclass(frozen=True, slots=True)
class ReadQuery:
    """A statement that passed every rule: its syntax tree and what it refers to."""

    tree: Node
    parameters: frozenset[str]
    procedures: tuple[str, ...]
    functions: tuple[str, ...]


def check_read_only(query: str, *, max_hops: int = MAX_HOPS) -> ReadQuery:
    """The syntax tree of `query` if it is one read-only statement within the rules; else `UnsafeQuery`."""
    if len(query) > MAX_QUERY_BYTES or len(query.encode("utf-8", "surrogatepass")) > MAX_QUERY_BYTES:
        size = len(query.encode("utf-8", "surrogatepass"))
        raise refusal(query, f"the query is {size:,} bytes; at most {MAX_QUERY_BYTES:,}", 0)
    lexed = lex(query)
    parser = _parse(query, lexed, max_hops)
    if lexed.backslash_in_string:
        _check_literal_reading(query, lexed)
    return ReadQuery(
        parser.tree, frozenset(parser.parameters), tuple(parser.procedures), tuple(parser.functions)
    )


_EXPOSED_WORDS = frozenset(REFUSED_WORDS) | {"CALL"}


class _Parsed(QueryParser):
    tree: Node


def _parse(query: str, lexed: Lexed, max_hops: int) -> _Parsed:
    parser = _Parsed(query, lexed, max_hops)
    if lexed.kinds[0] == "e":
        raise refusal(query, "empty query", len(query))
    parser.tree = parser.statement()
    return parser


def _check_literal_reading(query: str, lexed: Lexed) -> None:
    """In case a backend read backslashes in strings literally: text that this reading takes for string
    content must not turn into a write word, a procedure CALL, a function call or a `;` read that way."""
    try:
        literal = lex(query, backslash_escapes=False, strict=False)
    except UnsafeQuery:
        return  # read that way it does not even lex (a stray character, unbalanced brackets): nothing runs
    spans = [(start, start + len(value)) for kind, value, start in zip(lexed.kinds, lexed.values, lexed.starts)
             if kind == "s"]
    kinds, keys, starts = literal.kinds, literal.keys, literal.starts
    span = 0
    for i, start in enumerate(starts):
        while span < len(spans) and spans[span][1] <= start:
            span += 1
        if span == len(spans):
            return
        if not spans[span][0] < start < spans[span][1]:
            continue  # not inside a string of the escaped reading
        key = keys[i]
        exposed = key == ";" or (kinds[i] == "w" and (key in _EXPOSED_WORDS or keys[i + 1] in ("(", ".")))
        if exposed:
            raise refusal(
                query,
                f"read with backslashes taken literally, the string would end before {literal.values[i]!r},"
                " which would then be code; write the quote another way (\"it's\" or 'say \"hi\"')",
                start,
            )


# --- tokens for tools and tests --------------------------------------------------------------------


class TokenKind(enum.Enum):
    """What a lexed piece of Cypher is."""

    WORD = "word"  # unquoted identifier or keyword
    QUOTED_NAME = "quoted name"  # `backtick quoted`
    STRING = "string"
    NUMBER = "number"
    PARAMETER = "parameter"
    PUNCT = "punctuation"
    COMMENT = "comment"


_KINDS = {"w": TokenKind.WORD, "q": TokenKind.QUOTED_NAME, "s": TokenKind.STRING, "n": TokenKind.NUMBER,
          "p": TokenKind.PARAMETER, "x": TokenKind.PUNCT}  # fmt: skip
_QUOTED = re.compile(r"\$?`(?:[^`]|``)*`")


@dataclass(frozen=True, slots=True)
class Token:
    """One lexed token: `value` is upper-cased for words, unescaped for quoted names, the name for parameters."""

    kind: TokenKind
    text: str
    value: str
    start: int


def tokenize(query: str, *, backslash_escapes: bool = True, keep_comments: bool = False) -> list[Token]:
    """The tokens of `query` (for tools and tests; the checker uses the lexer's lists directly)."""
    lexed = lex(query, backslash_escapes=backslash_escapes)
    tokens: list[Token] = []
    for kind, key, value, start in zip(lexed.kinds, lexed.keys, lexed.values, lexed.starts, strict=True):
        if kind == "e":
            break
        if kind == "w":
            text, shown = value, key
        elif kind == "x":
            text, shown = key, key
        elif kind in "sn":
            text, shown = value, value if kind == "n" else value[1:-1]
        elif kind == "p" and not query.startswith("$`", start):
            text, shown = "$" + value, value
        else:
            match = _QUOTED.match(query, start)
            text, shown = (match.group() if match else value), value
        tokens.append(Token(_KINDS[kind], text, shown, start))
    if keep_comments:
        tokens += [Token(TokenKind.COMMENT, query[s:e], query[s + 2 : e - (0 if query.startswith("//", s) else 2)], s)
                   for s, e in lexed.comments]
        tokens.sort(key=lambda t: t.start)
    return tokens
