"""The syntax tree the parser builds, and the token cursor its three layers share."""

from __future__ import annotations

from typing import Any, NoReturn

from cypher.readonly.lexer import Lexed, UnsafeQuery, refusal
from cypher.readonly.rules import MAX_DEPTH, QUOTE_AS_NAMES, REFUSED_WORDS

# Words of the grammar itself: as a variable or alias they would make it ambiguous, so they are quoted.
STRUCTURAL_WORDS: frozenset[str] = frozenset(
    {"MATCH", "OPTIONAL", "WHERE", "WITH", "UNWIND", "RETURN", "CALL", "YIELD", "UNION", "ORDER", "BY"}
    | {"SKIP", "OFFSET", "LIMIT", "ASC", "ASCENDING", "DESC", "DESCENDING", "DISTINCT", "AS", "AND", "OR"}
    | {"XOR", "NOT", "IN", "IS", "STARTS", "ENDS", "CONTAINS", "CASE", "WHEN", "THEN", "ELSE", "END", "NULL"}
    | {"TRUE", "FALSE", "USING"}
)
_RESERVED_NAMES = QUOTE_AS_NAMES | STRUCTURAL_WORDS


Node = tuple[str, int, object, tuple[Any, ...]]
"""One node of the syntax tree: (kind, start offset, value or None, children; a child may be None).

Plain tuples, because the tree of a 64 KB query has tens of thousands of nodes (a class costs 4x)."""


def show(node: Node | None) -> str:
    """The tree as an S-expression, e.g. `(op '*' (op '-' (var 'a') (number '1')) (number '2'))`."""
    if node is None:
        return "_"
    kind, _, value, children = node
    parts = [kind] + ([repr(value)] if value is not None else []) + [show(child) for child in children]
    return "(" + " ".join(parts) + ")"


def walk(node: Node) -> list[Node]:
    """This node and every node below it, depth first (iteratively: trees may be deep)."""
    out: list[Node] = []
    stack: list[Node] = [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(child for child in reversed(current[3]) if child is not None)
    return out


class Cursor:
    """Token access, refusals and the facts the rules need (parameters, calls, pattern bounds)."""

    def __init__(self, text: str, lexed: Lexed, max_hops: int) -> None:
        self.text = text
        self.kinds = lexed.kinds
        self.keys = lexed.keys
        self.values = lexed.values
        self.starts = lexed.starts
        self.partner = lexed.partner
        self.bar_owner = lexed.bar_owner
        self.max_hops = max_hops
        self.i = 0
        self.depth = 0
        self.comprehensions: list[int] = []  # index of the `[` of each comprehension being parsed
        self.in_quantified = False
        self.relationships = 0  # relationship patterns seen so far (a quantified group counts its own)
        self.parameters: set[str] = set()
        self.procedures: list[str] = []
        self.functions: list[str] = []

    # -- refusals -------------------------------------------------------------------------------

    def fail(self, reason: str, index: int | None = None) -> NoReturn:
        raise refusal(self.text, reason, self.starts[self.i if index is None else index])

    def found(self, index: int | None = None) -> str:
        j = self.i if index is None else index
        if self.kinds[j] == "e":
            return "the end of the query"
        start = self.starts[j]
        end = self.starts[j + 1] if self.kinds[j + 1] != "e" else len(self.text)
        shown = self.text[start:end].strip()
        return repr(shown if len(shown) <= 30 else shown[:30] + "...")

    def unexpected(self, expected: str, index: int | None = None) -> NoReturn:
        """Refuse the token at `index`: a write or admin word says what it is, anything else what was expected."""
        j = self.i if index is None else index
        category = REFUSED_WORDS.get(self.keys[j]) if self.kinds[j] == "w" else None
        if category is not None:
            self.fail(
                f"{self.values[j]!r} is a {category}; only read-only queries may run"
                " (quote a name that is a keyword in backticks)",
                j,
            )
        self.fail(f"expected {expected}, found {self.found(j)}", j)

    # -- tokens ---------------------------------------------------------------------------------

    def expect(self, key: str, expected: str | None = None) -> int:
        """Consume the punctuation or keyword `key`; its index."""
        i = self.i
        if self.keys[i] != key or (key.isalpha() and self.kinds[i] != "w"):
            self.unexpected(expected or repr(key))
        self.i = i + 1
        return i

    def accept(self, key: str) -> bool:
        if self.keys[self.i] == key and (self.kinds[self.i] in "wx"):
            self.i += 1
            return True
        return False

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(f"the query nests more than {MAX_DEPTH} levels deep")

    def name(self, what: str) -> str:
        """Any name (keywords included): property keys, labels, types, map keys."""
        i = self.i
        if self.kinds[i] not in "wq":
            self.unexpected(what)
        self.i = i + 1
        return self.values[i]

    def variable(self, what: str = "a variable") -> Node:
        """A variable or alias: unquoted keywords of the grammar and write words must be quoted."""
        i = self.i
        kind = self.kinds[i]
        if kind == "w":
            if self.keys[i] in _RESERVED_NAMES:
                which = "write keyword" if self.keys[i] in QUOTE_AS_NAMES else "keyword"
                self.fail(
                    f"{self.values[i]!r} is a {which}; as a variable or alias write it in backticks"
                    f" (`{self.values[i]}`)",
                    i,
                )
        elif kind != "q":
            self.unexpected(what)
        self.i = i + 1
        return ("var", self.starts[i], self.values[i], ())

    def is_variable_start(self, i: int) -> bool:
        return self.kinds[i] == "q" or (self.kinds[i] == "w" and self.keys[i] not in _RESERVED_NAMES)

    def integer(self, what: str) -> int:
        i = self.i
        if self.kinds[i] != "n":
            self.unexpected(what)
        text = self.values[i].replace("_", "")
        try:
            value = int(text, 0) if not text.startswith("0") or len(text) == 1 or text[1] in "xXoO" else int(text)
        except ValueError:
            self.fail(f"{self.values[i]!r} is not a whole number ({what})", i)
        self.i = i + 1
        return value

    # -- pattern bounds -------------------------------------------------------------------------

    def bounded(self, index: int, upper: int | None, hops: int, what: str) -> None:
        """Refuse a repetition without an upper bound, or one spanning more than `max_hops` relationships."""
        if upper is None:
            example = "[*..6]" if what.startswith("variable") else "{1,6}"
            self.fail(f"{what} without an upper bound; write e.g. {example.replace('6', str(self.max_hops))}", index)
        if upper * max(hops, 1) > self.max_hops:
            span = f"{upper} x {hops} relationships" if hops > 1 else f"{upper} hops"
            self.fail(f"{what} up to {span}; at most {self.max_hops} hops", index)

    # -- implemented by the layers above ----------------------------------------------------------

    def expression(self, rbp: int = 0) -> Node:
        raise NotImplementedError

    def path_pattern(self) -> Node:
        raise NotImplementedError

    def pattern_list(self) -> Node:
        raise NotImplementedError

    def query(self, needs_return: bool, top: bool = False) -> Node:
        raise NotImplementedError

    def is_pattern(self, i: int) -> bool:
        raise NotImplementedError

    def label_expression(self) -> Node:
        raise NotImplementedError


__all__ = ["Cursor", "Node", "STRUCTURAL_WORDS", "UnsafeQuery", "show", "walk"]
