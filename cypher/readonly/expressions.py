"""The expression layer of the read-only Cypher grammar (precedence climbing: linear, shallow).

    expression  := prefix (infix)*                   binding powers, loosest first:
                   OR 10 | XOR 20 | AND 30 | NOT (prefix) 40 | = <> != < > <= >= 50
                   | =~ IN STARTS WITH ENDS WITH CONTAINS IS [NOT] NULL IS [NOT] :: type
                     IS [NOT] [form] NORMALIZED :: type 60
                   | + - || 70 | * / % 80 | ^ 90 | unary + - 100 | postfix 110
    postfix     := '.' name | '[' expr ']' | '[' [expr] '..' [expr] ']' | ':' label-expression
    atom        := number | string | TRUE | FALSE | NULL | $param | variable
                 | variable '{' projection-item, ... '}'                        map projection
                 | '(' expression ')' | pattern                                  pattern predicate
                 | '[' expr, ... ']' | '[' var IN expr [WHERE expr] ['|' expr] ']'
                 | '[' [var '='] pattern [WHERE expr] '|' expr ']'              pattern comprehension
                 | '{' name ':' expr, ... '}'
                 | CASE [expr] (WHEN expr, ... THEN expr)+ [ELSE expr] END
                 | EXISTS '{' (query | patterns [WHERE expr]) '}' | COUNT '{' ... '}' | COLLECT '{' query '}'
                 | function call (terms.py)

A `(` starts a pattern when its `)` is followed by `-[`, `--` or `<-` (the two characters touching).
Function calls, maps, map projections and types are in `terms.py`.
"""

from __future__ import annotations

from cypher.readonly.rules import CLAUSE_STARTS, MAX_DEPTH, QUOTE_AS_NAMES
from cypher.readonly.syntax import STRUCTURAL_WORDS, Node
from cypher.readonly.terms import Terms

_INFIX: dict[str, int] = {
    "OR": 10, "XOR": 20, "AND": 30,
    "=": 50, "<>": 50, "!=": 50, "<": 50, ">": 50, "<=": 50, ">=": 50,
    "=~": 60, "IN": 60, "STARTS": 60, "ENDS": 60, "CONTAINS": 60, "IS": 60, "::": 60,
    "+": 70, "-": 70, "||": 70, "*": 80, "/": 80, "%": 80, "^": 90,
}  # fmt: skip
_SPECIAL_INFIX = frozenset({"IS", "::", "STARTS", "ENDS"})
_POSTFIX = frozenset({".", "[", ":"})
_UNARY = 100
_WORD_PREFIX: dict[str, str] = {
    **dict.fromkeys(STRUCTURAL_WORDS, "structural"),
    **dict.fromkeys(QUOTE_AS_NAMES, "reserved"),
    **dict.fromkeys(("TRUE", "FALSE", "NULL"), "literal"),
    **dict.fromkeys(("EXISTS", "COUNT", "COLLECT"), "subquery"),
    "NOT": "not",
    "CASE": "case",
}
_NORMAL_FORMS = frozenset({"NFC", "NFD", "NFKC", "NFKD"})


class Expressions(Terms):
    """Parses expressions; patterns and subqueries come from the layers above."""

    def expression(self, rbp: int = 0) -> Node:
        depth = self.depth + 1
        if depth > MAX_DEPTH:
            self.fail(f"the query nests more than {MAX_DEPTH} levels deep")
        self.depth = depth
        left = self.prefix()
        keys = self.keys
        while True:
            i = self.i
            key = keys[i]
            bp = _INFIX.get(key)
            if bp is None or bp <= rbp:
                break
            if key in _SPECIAL_INFIX:
                left = self.infix(left, key, bp)
            else:  # a plain binary operator, inlined: this loop is the checker's hottest code
                self.i = i + 1
                left = ("op", self.starts[i], key, (left, self.expression(bp)))
        self.depth = depth - 1
        return left

    def infix(self, left: Node, key: str, bp: int) -> Node:
        start = self.starts[self.i]
        self.i += 1
        if key == "IS":
            return self.is_predicate(left, start)
        if key == "::":
            return ("typed", start, None, (left, self.value_type()))
        if key in ("STARTS", "ENDS"):
            self.expect("WITH", f"WITH after {key}")
            key += " WITH"
        return ("op", start, key, (left, self.expression(bp)))

    def is_predicate(self, left: Node, start: int) -> Node:
        negated = self.accept("NOT")
        kind = "is not" if negated else "is"
        if self.accept("NULL"):
            return (kind + " null", start, None, (left,))
        if self.accept("::") or self.accept("TYPED"):
            return (kind + " typed", start, None, (left, self.value_type()))
        if self.keys[self.i] in _NORMAL_FORMS and self.kinds[self.i] == "w":
            self.i += 1
        if self.accept("NORMALIZED"):
            return (kind + " normalized", start, None, (left,))
        self.unexpected("NULL, :: type or NORMALIZED after IS")

    # -- atoms --------------------------------------------------------------------------------------

    def prefix(self) -> Node:
        i = self.i
        kind, key, start = self.kinds[i], self.keys[i], self.starts[i]
        keys = self.keys
        if kind == "w":
            special = _WORD_PREFIX.get(key)
            nxt = keys[i + 1]
            if special is None or special == "subquery":
                if nxt == "{" and special:
                    return self.postfix(self.subquery_expression())
                if nxt == "(" or (nxt == "." and self.is_namespaced_call(i)):
                    return self.postfix(self.function_call())
                if nxt != "{":
                    self.i = i + 1  # a variable: the common case
                    atom: Node = ("var", start, self.values[i], ())
                    return self.postfix(atom) if nxt in _POSTFIX else atom
            elif special == "literal":
                self.i = i + 1
                return self.postfix(("literal", start, key, ()))
            elif special == "not":
                self.i = i + 1
                return ("not", start, None, (self.expression(40),))
            elif special == "case":
                return self.postfix(self.case())
            elif special == "structural":
                self.unexpected("an expression")
            elif nxt == "(":  # CREATE(...), SET(...): named as the write they would be
                self.unexpected("an expression")
        elif kind == "n" or kind == "s":
            self.i = i + 1
            atom = ("number" if kind == "n" else "string", start, self.values[i], ())
            nxt = keys[i + 1]
            if nxt == "." and kind == "n":
                self.fail("a property of a number literal", i + 1)
            return self.postfix(atom) if nxt in _POSTFIX else atom
        elif kind == "p":
            self.i = i + 1
            self.parameters.add(self.values[i])
            return self.postfix(("param", start, self.values[i], ()))
        elif kind == "x":
            if key == "(":
                if self.is_pattern(i):
                    return ("pattern predicate", start, None, (self.path_pattern(),))
                self.i = i + 1
                inner = self.expression()
                self.expect(")", "')'")
                return self.postfix(inner)
            if key == "[":
                return self.postfix(self.list_atom())
            if key == "{":
                return self.postfix(self.map_literal())
            if key == "-" or key == "+":
                self.i = i + 1
                return ("unary", start, key, (self.expression(_UNARY),))
            self.unexpected("an expression")
        elif kind == "q" and keys[i + 1] == "(":
            self.fail(f"backtick-quoted function name `{self.values[i]}` is not allowed", i)
        elif kind != "q":
            self.unexpected("an expression")
        variable = self.variable("an expression")  # refuses reserved words with the reason
        if keys[self.i] == "{":
            return self.postfix(self.map_projection(variable))
        return self.postfix(variable)

    def postfix(self, atom: Node) -> Node:
        keys = self.keys
        while True:
            key, start = keys[self.i], self.starts[self.i]
            if key == ".":
                self.i += 1
                atom = ("property", start, self.name("a property name after '.'"), (atom,))
            elif key == "[":
                atom = self.subscript(atom)
            elif key == ":":
                atom = ("has labels", start, None, (atom, self.label_expression()))
            else:
                return atom

    def subscript(self, atom: Node) -> Node:
        start = self.starts[self.i]
        self.i += 1
        low = None if self.keys[self.i] == ".." else self.expression()
        if self.accept(".."):
            high = None if self.keys[self.i] == "]" else self.expression()
            self.expect("]", "']' closing the slice")
            return ("slice", start, None, (atom, low, high))
        self.expect("]", "']' closing the index")
        return ("index", start, None, (atom, low))

    def list_atom(self) -> Node:
        i, start = self.i, self.starts[self.i]
        keys = self.keys
        if self.kinds[i + 1] in "wq" and keys[i + 2] == "IN" and self.kinds[i + 2] == "w":
            return self.list_comprehension()
        if keys[i + 1] == "(" and self.is_pattern(i + 1):
            return self.pattern_comprehension()
        if self.kinds[i + 1] in "wq" and keys[i + 2] == "=" and keys[i + 3] == "(" and self.is_pattern(i + 3):
            return self.pattern_comprehension()
        self.i = i + 1
        items: list[Node | None] = []
        if keys[self.i] != "]":
            items.append(self.expression())
            while self.accept(","):
                items.append(self.expression())
        self.expect("]", "',' or ']' in the list")
        return ("list", start, None, tuple(items))

    def list_comprehension(self) -> Node:
        opener, start = self.i, self.starts[self.i]
        self.i += 1
        self.comprehensions.append(opener)
        variable = self.variable("the comprehension's variable")
        self.expect("IN")
        source = self.expression()
        where = self.expression() if self.accept("WHERE") else None
        project = self.expression() if self.accept("|") else None
        self.comprehensions.pop()
        self.expect("]", "WHERE, '|' or ']' in the list comprehension")
        return ("list comprehension", start, None, (variable, source, where, project))

    def pattern_comprehension(self) -> Node:
        opener, start = self.i, self.starts[self.i]
        self.i += 1
        self.comprehensions.append(opener)
        path_variable = None
        if self.keys[self.i] != "(":
            path_variable = self.variable("the path variable")
            self.expect("=")
        pattern = self.path_pattern()
        where = self.expression() if self.accept("WHERE") else None
        self.expect("|", "'|' and the value of the pattern comprehension")
        project = self.expression()
        self.comprehensions.pop()
        self.expect("]", "']' closing the pattern comprehension")
        return ("pattern comprehension", start, None, (path_variable, pattern, where, project))

    def bar_ends_comprehension(self, index: int) -> bool:
        """True when the `|` at `index` separates a comprehension's value, so no label or type takes it."""
        return bool(self.comprehensions) and self.bar_owner.get(index) == self.comprehensions[-1]

    def case(self) -> Node:
        start = self.starts[self.i]
        self.i += 1
        subject = None if self.keys[self.i] == "WHEN" else self.expression()
        branches: list[Node | None] = []
        while self.keys[self.i] == "WHEN" and self.kinds[self.i] == "w":
            when_start = self.starts[self.i]
            self.i += 1
            alternatives = [self.expression()]
            while subject is not None and self.accept(","):
                alternatives.append(self.expression())
            self.expect("THEN", "THEN in CASE")
            branches.append(("when", when_start, None, (*alternatives, self.expression())))
        if not branches:
            self.unexpected("WHEN in CASE")
        otherwise = self.expression() if self.accept("ELSE") else None
        self.expect("END", "WHEN, ELSE or END in CASE")
        return ("case", start, None, (subject, *branches, otherwise))

    def subquery_expression(self) -> Node:
        i, start = self.i, self.starts[self.i]
        word = self.keys[i]
        self.i = i + 2
        self.enter()
        if self.keys[self.i] in CLAUSE_STARTS and self.kinds[self.i] == "w":
            body = self.query(needs_return=word == "COLLECT")
        elif word == "COLLECT":
            self.unexpected("a query ending in RETURN inside COLLECT { }")
        else:
            patterns = self.pattern_list()
            where = self.expression() if self.accept("WHERE") else None
            body = ("patterns where", patterns[1], None, (patterns, where))
        self.depth -= 1
        self.expect("}", f"'}}' closing {word} {{ }}")
        return (word.lower() + " subquery", start, None, (body,))
