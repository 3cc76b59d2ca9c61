"""The pattern layer of the read-only Cypher grammar.

    patterns      := pattern (',' pattern)*
    pattern       := [var '='] [selector] (shortestPath | allShortestPaths) '(' path ')'
                   | [var '='] [selector] path
    selector      := ANY SHORTEST | ALL SHORTEST | SHORTEST int [GROUPS] | ANY [int] | ALL   [PATH | PATHS]
    path          := segment+
    segment       := node (relationship [quantifier] node)*
                   | '(' [var '='] path [WHERE expr] ')' [quantifier]        quantified path pattern
    node          := '(' [var] [label-expression] [map | $param] [WHERE expr] ')'
    relationship  := ['<'] '-' ['[' [var] [label-expression] [length] [map | $param] [WHERE expr] ']'] '-' ['>']
    length        := '*' [int] ['..' [int]]
    quantifier    := '{' int '}' | '{' [int] ',' [int] '}' | '+' | '*'
    label-expression := (':' | IS) or;  or := and (('|' | '|:') and)*;  and := not (('&' | ':') not)*
                     not := '!' not | name | '%' | '(' or ')' | '$(' expr ')'

Every repetition needs an upper bound, and spans at most `max_hops` relationships: `*..6`, `{1,3}`
around two relationships (6), never `*`, `*2..`, `+` or `{1,}`. Quantified groups do not nest and
hold no variable-length relationship (as in Neo4j), so their span is bound x relationships.
"""

from __future__ import annotations

from cypher.readonly.expressions import Expressions
from cypher.readonly.syntax import Node

_SELECTOR_WORDS = frozenset({"ANY", "ALL", "SHORTEST"})
_PATH_WORDS = frozenset({"PATH", "PATHS"})
_SHORTEST_FUNCTIONS = frozenset({"SHORTESTPATH", "ALLSHORTESTPATHS"})
_SELECTOR_PARTS = _SELECTOR_WORDS | _PATH_WORDS | {"GROUP", "GROUPS"}


class Patterns(Expressions):
    """Parses node, relationship and path patterns and label expressions."""

    def is_pattern(self, i: int) -> bool:
        """True when the `(` at `i` starts a relationship pattern, not a parenthesised expression."""
        close = self.partner.get(i)
        if close is None:
            return False
        keys, starts = self.keys, self.starts
        first, second = keys[close + 1], keys[close + 2]
        touching = starts[close + 2] == starts[close + 1] + 1
        if first == "-":
            return second == "[" or (second == "-" and touching)
        return first == "<" and second == "-" and touching

    def pattern_list(self) -> Node:
        start = self.starts[self.i]
        patterns = [self.pattern()]
        while self.accept(","):
            patterns.append(self.pattern())
        return ("patterns", start, None, tuple(patterns))

    def pattern(self) -> Node:
        start = self.starts[self.i]
        path_variable = None
        if self.kinds[self.i] in "wq" and self.keys[self.i + 1] == "=":
            path_variable = self.variable("a path variable")
            self.i += 1
        selector = self.selector()
        key = self.keys[self.i]
        if key in _SHORTEST_FUNCTIONS and self.kinds[self.i] == "w" and self.keys[self.i + 1] == "(":
            self.i += 2
            inner = self.path_pattern()
            self.expect(")", f"')' closing {key.lower()}(")
            path: Node = (key.lower(), start, None, (inner,))
        else:
            path = self.path_pattern()
        return ("pattern", start, selector, (path_variable, path))

    def selector(self) -> str | None:
        keys, kinds = self.keys, self.kinds
        if kinds[self.i] != "w" or keys[self.i] not in _SELECTOR_WORDS or keys[self.i + 1] in ("(", "="):
            return None
        words = []
        while kinds[self.i] == "n" or (kinds[self.i] == "w" and keys[self.i] in _SELECTOR_PARTS):
            words.append(self.values[self.i])
            self.i += 1
        return " ".join(words).upper()

    def path_pattern(self) -> Node:
        self.enter()
        start = self.starts[self.i]
        segments: list[Node | None] = []
        keys = self.keys
        while keys[self.i] == "(":
            if keys[self.i + 1] == "(" or (self.kinds[self.i + 1] in "wq" and keys[self.i + 2] == "="):
                segments.append(self.quantified_path())
                continue
            segments.append(self.node())
            while keys[self.i] in ("-", "<"):
                segments.append(self.relationship())
                if keys[self.i] != "(":
                    self.unexpected("a node pattern '(' after the relationship")
                segments.append(self.node())
        if not segments:
            self.unexpected("a pattern starting with '('")
        self.depth -= 1
        return ("path", start, None, tuple(segments))

    def quantified_path(self) -> Node:
        start = self.starts[self.i]
        if self.in_quantified:
            self.fail("a quantified path pattern inside another one")
        self.i += 1
        path_variable = None
        if self.keys[self.i] != "(":
            path_variable = self.variable("a path variable")
            self.expect("=")
        before = self.relationships
        self.in_quantified = True
        inner = self.path_pattern()
        self.in_quantified = False
        where = self.expression() if self.accept("WHERE") else None
        self.expect(")", "WHERE or ')' closing the parenthesised path")
        quantifier = self.quantifier(self.relationships - before, "quantified path pattern")
        return ("quantified path", start, quantifier, (path_variable, inner, where))

    def quantifier(self, hops: int, what: str) -> str | None:
        """An optional `{n,m}`, `+` or `*` after a relationship or a parenthesised path, bound-checked."""
        i, key = self.i, self.keys[self.i]
        if key in ("+", "*"):
            self.i += 1
            self.bounded(i, None, hops, what)
        if key != "{":
            return None
        self.i += 1
        low = self.integer("the lower bound") if self.kinds[self.i] == "n" else None
        if self.accept(","):
            high = self.integer("the upper bound") if self.kinds[self.i] == "n" else None
        elif low is None:
            self.unexpected("a repetition count in { }")
        else:
            high = low
        self.expect("}", "'}' closing the quantifier")
        self.bounded(i, high, hops, what)
        return f"{{{'' if low is None else low},{high}}}"

    def node(self) -> Node:
        start = self.starts[self.i]
        self.expect("(")
        variable = labels = properties = where = None
        keys = self.keys
        if self.kinds[self.i] in "wq" and not (self.kinds[self.i] == "w" and keys[self.i] in ("WHERE", "IS")):
            variable = self.variable("a node variable")
        if keys[self.i] == ":" or (keys[self.i] == "IS" and self.kinds[self.i] == "w"):
            labels = self.label_expression()
        properties = self.pattern_properties()
        if self.accept("WHERE"):
            where = self.expression()
        self.expect(")", "':' labels, a {map}, WHERE or ')' in the node pattern")
        return ("node", start, None, (variable, labels, properties, where))

    def pattern_properties(self) -> Node | None:
        if self.keys[self.i] == "{":
            return self.map_literal()
        if self.kinds[self.i] == "p":
            self.parameters.add(self.values[self.i])
            self.i += 1
            return ("param", self.starts[self.i - 1], self.values[self.i - 1], ())
        return None

    def relationship(self) -> Node:
        start = self.starts[self.i]
        left = self.accept("<")
        self.expect("-", "'-' in the relationship pattern")
        self.relationships += 1
        variable = labels = length = properties = where = None
        if self.accept("["):
            keys = self.keys
            if self.kinds[self.i] in "wq" and not (self.kinds[self.i] == "w" and keys[self.i] in ("WHERE", "IS")):
                variable = self.variable("a relationship variable")
            if keys[self.i] == ":" or (keys[self.i] == "IS" and self.kinds[self.i] == "w"):
                labels = self.label_expression()
            if keys[self.i] == "*":
                length = self.length()
            properties = self.pattern_properties()
            if self.accept("WHERE"):
                where = self.expression()
            self.expect("]", "':' types, '*' length, a {map}, WHERE or ']' in the relationship")
        self.expect("-", "'-' closing the relationship pattern")
        right = self.accept(">")
        direction = "<->" if left and right else "<-" if left else "->" if right else "--"
        quantifier = None
        if self.keys[self.i] in ("{", "+", "*"):
            if length is not None:
                self.fail("a quantifier on a variable-length relationship")
            quantifier = self.quantifier(1, "quantified relationship")
        return ("relationship", start, direction + (quantifier or ""), (variable, labels, length, properties, where))

    def length(self) -> Node:
        star = self.i
        if self.in_quantified:
            self.fail("a variable-length relationship inside a quantified path pattern")
        self.i += 1
        low = self.integer("the lower bound") if self.kinds[self.i] == "n" else None
        if self.accept(".."):
            high = self.integer("the upper bound") if self.kinds[self.i] == "n" else None
        else:
            high = low  # `*3` is exactly three hops; `*` alone has no bound
        self.bounded(star, high, 1, "variable-length relationship")
        return ("length", self.starts[star], f"{'' if low is None else low}..{high}", ())

    # -- label expressions ------------------------------------------------------------------------

    def label_expression(self) -> Node:
        start = self.starts[self.i]
        self.i += 1  # ':' or IS
        return ("labels", start, None, (self.label_or(),))

    def label_or(self) -> Node:
        left = self.label_and()
        while self.keys[self.i] == "|" and not self.bar_ends_comprehension(self.i):
            start = self.starts[self.i]
            self.i += 1
            self.accept(":")
            left = ("|", start, None, (left, self.label_and()))
        return left

    def label_and(self) -> Node:
        left = self.label_not()
        while self.keys[self.i] in ("&", ":"):
            start = self.starts[self.i]
            self.i += 1
            left = ("&", start, None, (left, self.label_not()))
        return left

    def label_not(self) -> Node:
        start, key = self.starts[self.i], self.keys[self.i]
        if key == "!":
            self.i += 1
            self.enter()
            negated = self.label_not()
            self.depth -= 1
            return ("!", start, None, (negated,))
        if key == "%":
            self.i += 1
            return ("any label", start, None, ())
        if key == "(":
            self.i += 1
            self.enter()
            inner = self.label_or()
            self.depth -= 1
            self.expect(")", "')' in the label expression")
            return inner
        if key == "$":
            self.i += 1
            self.expect("(")
            dynamic = self.expression()
            self.expect(")", "')' closing the dynamic label")
            return ("dynamic label", start, None, (dynamic,))
        return ("label", start, self.name("a label or relationship type"), ())
