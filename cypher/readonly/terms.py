"""Terms of the expression grammar that need no precedence: function calls, maps, types, sort items.

    call        := name ('.' name)* '(' [DISTINCT] expr, ... ')' | count '(' '*' ')'
                 | reduce '(' var '=' expr ',' var IN expr '|' expr ')'
                 | (all | any | none | single) '(' var IN expr [WHERE expr] ')'
    map         := '{' [name ':' expr (',' name ':' expr)*] '}'
    projection  := variable '{' ('.' name | '.*' | name ':' expr | variable), ... '}'
    type        := term ('|' term)*;  term := type-word+ ['<' type '>'] [NOT NULL]

A function is called only if it is on the allow-list (`rules.ALLOWED_FUNCTIONS`, or a namespace of
`rules.ALLOWED_FUNCTION_NAMESPACES`); `a.b(` is always a namespaced function, as Cypher has no methods.
"""

from __future__ import annotations

from cypher.readonly.rules import ALLOWED_FUNCTION_NAMESPACES, ALLOWED_FUNCTIONS, REFUSED_WORDS
from cypher.readonly.syntax import Cursor, Node

_QUANTIFIERS = frozenset({"all", "any", "none", "single"})
_TYPE_WORDS = frozenset(
    {"NOTHING", "NULL", "BOOL", "BOOLEAN", "STRING", "VARCHAR", "INT", "INTEGER", "INT64", "INTEGER64"}
    | {"SIGNED", "FLOAT", "FLOAT64", "DATE", "LOCAL", "ZONED", "TIME", "DATETIME", "TIMESTAMP", "DURATION"}
    | {"POINT", "NODE", "VERTEX", "RELATIONSHIP", "EDGE", "MAP", "PATH", "LIST", "ARRAY", "ANY", "VALUE"}
    | {"PROPERTY"}
)
_SORT_WORDS = frozenset({"ASC", "ASCENDING", "DESC", "DESCENDING"})


class Terms(Cursor):
    """The precedence-free terms; `Expressions` adds operators and atoms on top."""

    def bar_ends_comprehension(self, index: int) -> bool:
        """Whether the `|` at `index` ends a comprehension's pattern (`Expressions` knows; none here)."""
        return False

    def value_type(self) -> Node:
        start = self.starts[self.i]
        terms = [self.type_term()]
        while self.keys[self.i] == "|" and not self.bar_ends_comprehension(self.i):
            self.i += 1
            terms.append(self.type_term())
        return ("type", start, None, tuple(terms))

    def type_term(self) -> Node:
        start, words = self.starts[self.i], []
        keys, kinds = self.keys, self.kinds
        while kinds[self.i] == "w" and keys[self.i] in _TYPE_WORDS:
            words.append(keys[self.i])
            self.i += 1
            if keys[self.i] in ("WITH", "WITHOUT") and keys[self.i + 1] == "TIME" and keys[self.i + 2] == "ZONE":
                words.append(f"{keys[self.i]} TIME ZONE")
                self.i += 3
            if keys[self.i] == "<":
                self.i += 1
                inner = self.value_type()
                self.expect(">", "'>' closing the type")
                words.append(repr(inner))
        if not words:
            self.unexpected("a type name (INTEGER, STRING, LIST<...>, ...)")
        if keys[self.i] == "NOT" and keys[self.i + 1] == "NULL":
            words.append("NOT NULL")
            self.i += 2
        return ("type", start, " ".join(words), ())

    def map_literal(self) -> Node:
        start = self.starts[self.i]
        self.expect("{")
        entries: list[Node | None] = []
        if self.keys[self.i] != "}":
            while True:
                key_start = self.starts[self.i]
                key = self.name("a map key")
                self.expect(":", "':' after the map key")
                entries.append(("entry", key_start, key, (self.expression(),)))
                if not self.accept(","):
                    break
        self.expect("}", "',' or '}' in the map")
        return ("map", start, None, tuple(entries))

    def map_projection(self, variable: Node) -> Node:
        start = self.starts[self.i]
        self.expect("{")
        items: list[Node | None] = []
        if self.keys[self.i] != "}":
            while True:
                item_start = self.starts[self.i]
                if self.accept("."):
                    if self.accept("*"):
                        items.append(("all properties", item_start, None, ()))
                    else:
                        items.append(("property", item_start, self.name("a property name"), ()))
                elif self.kinds[self.i] in "wq" and self.keys[self.i + 1] == ":":
                    key = self.name("a key")
                    self.i += 1
                    items.append(("entry", item_start, key, (self.expression(),)))
                else:
                    items.append(self.variable("a map projection item"))
                if not self.accept(","):
                    break
        self.expect("}", "',' or '}' in the map projection")
        return ("map projection", start, None, (variable, *items))

    # -- functions ------------------------------------------------------------------------------

    def is_namespaced_call(self, i: int) -> bool:
        """`a.b.c(`: a namespaced function call (Cypher has no methods), not property access."""
        keys, kinds = self.keys, self.kinds
        while keys[i + 1] == "." and kinds[i + 2] == "w":
            i += 2
        return keys[i + 1] == "("

    def function_call(self) -> Node:
        i, start = self.i, self.starts[self.i]
        parts = [self.values[i]]
        self.i = i + 1
        while self.accept("."):
            parts.append(self.values[self.i])
            self.i += 1
        name = ".".join(parts)
        lowered = name.lower()
        if len(parts) == 1:
            allowed = lowered in ALLOWED_FUNCTIONS
        else:
            allowed = lowered.rsplit(".", 1)[0] in ALLOWED_FUNCTION_NAMESPACES
        if not allowed:
            if len(parts) == 1 and self.keys[i] in REFUSED_WORDS:
                self.unexpected("a function", i)
            self.fail(f"function {name!r} is not on the allow-list of built-in read-only functions", i)
        self.functions.append(lowered)
        self.expect("(")
        keys = self.keys
        if lowered == "count" and keys[self.i] == "*":
            self.i += 1
            self.expect(")", "')' after count(*")
            return ("count(*)", start, None, ())
        if lowered == "reduce" and self.kinds[self.i] in "wq" and keys[self.i + 1] == "=":
            return self.reduce(start)
        if lowered in _QUANTIFIERS and self.kinds[self.i] in "wq" and keys[self.i + 1] == "IN":
            variable = self.variable()
            self.expect("IN")
            source = self.expression()
            where = self.expression() if self.accept("WHERE") else None
            self.expect(")", f"WHERE or ')' in {name}()")
            return ("quantifier", start, lowered, (variable, source, where))
        distinct = self.accept("DISTINCT")
        arguments: list[Node | None] = []
        if keys[self.i] != ")":
            arguments.append(self.expression())
            while self.accept(","):
                arguments.append(self.expression())
        self.expect(")", f"',' or ')' in {name}()")
        return ("call", start, name + (" distinct" if distinct else ""), tuple(arguments))

    def reduce(self, start: int) -> Node:
        accumulator = self.variable("the accumulator of reduce()")
        self.expect("=")
        initial = self.expression()
        self.expect(",", "',' after the initial value in reduce()")
        variable = self.variable("the variable of reduce()")
        self.expect("IN", "IN in reduce()")
        source = self.expression()
        self.expect("|", "'|' in reduce()")
        step = self.expression()
        self.expect(")", "')' closing reduce()")
        return ("reduce", start, None, (accumulator, initial, variable, source, step))

    # -- used by clauses --------------------------------------------------------------------------

    def sort_items(self) -> list[Node | None]:
        items: list[Node | None] = []
        while True:
            item = self.expression()
            if self.kinds[self.i] == "w" and self.keys[self.i] in _SORT_WORDS:
                item = ("sort", item[1], self.keys[self.i], (item,))
                self.i += 1
            items.append(item)
            if not self.accept(","):
                return items
