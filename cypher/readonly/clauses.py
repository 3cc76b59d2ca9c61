"""The clause layer of the read-only Cypher grammar: what a statement may be.

    statement   := query [';']
    query       := single (UNION [ALL | DISTINCT] single)*
    single      := clause* RETURN ...        (the last clause is RETURN; in EXISTS / COUNT { } it may be
                                              left out; a whole statement may be one procedure CALL)
    clause      := [OPTIONAL] MATCH patterns hint* [WHERE expr]
                 | UNWIND expr AS var
                 | WITH projection [WHERE expr]
                 | RETURN projection
                 | [OPTIONAL] CALL ['(' ('*' | var, ...) ')'] '{' query '}'        read-only subquery
                 | [OPTIONAL] CALL procedure ['(' expr, ... ')'] [YIELD ('*' | name [AS var], ...) [WHERE expr]]
    projection  := [DISTINCT] ('*' | expr [AS var]) (',' expr [AS var])*
                   [ORDER BY expr [ASC | DESC], ...] [(SKIP | OFFSET) expr] [LIMIT expr]
    hint        := USING [TEXT | RANGE | POINT] INDEX [SEEK] var ':' name '(' name, ... ')'
                 | USING SCAN var ':' name | USING JOIN ON var, ...

Nothing else is a clause: CREATE, MERGE, SET, DELETE, REMOVE, FOREACH, INSERT, LOAD CSV, USE, the
administration commands, `CALL { } IN TRANSACTIONS` and prefixes (EXPLAIN, PROFILE, CYPHER) are not
in the grammar, so they are refused wherever they stand, and so is a procedure off the allow-list.
"""

from __future__ import annotations

from cypher.readonly.patterns import Patterns
from cypher.readonly.rules import ALLOWED_PROCEDURES, CLAUSE_STARTS
from cypher.readonly.syntax import Node

_EXPECT_CLAUSE = "a clause (MATCH, OPTIONAL MATCH, WITH, UNWIND, CALL or RETURN)"
_INDEX_KINDS = frozenset({"TEXT", "RANGE", "POINT", "VECTOR"})


class QueryParser(Patterns):
    """The whole grammar; `statement()` parses one statement or refuses it."""

    def statement(self) -> Node:
        tree = self.query(needs_return=True, top=True)
        self.accept(";")
        if self.kinds[self.i] != "e":
            self.unexpected("the end of the query")
        return tree

    def query(self, needs_return: bool, top: bool = False) -> Node:
        self.enter()
        start = self.starts[self.i]
        parts: list[Node | None] = [self.single(needs_return, top)]
        while self.keys[self.i] == "UNION" and self.kinds[self.i] == "w":
            self.i += 1
            union = "UNION " + self.keys[self.i] if self.accept("ALL") or self.accept("DISTINCT") else "UNION"
            parts.append((union, self.starts[self.i - 1], None, ()))
            parts.append(self.single(needs_return, top))
        self.depth -= 1
        return ("query", start, None, tuple(parts))

    def single(self, needs_return: bool, top: bool) -> Node:
        start = self.starts[self.i]
        clauses: list[Node | None] = []
        keys, kinds = self.keys, self.kinds
        if keys[self.i] not in CLAUSE_STARTS or kinds[self.i] != "w":
            self.unexpected(_EXPECT_CLAUSE)
        while keys[self.i] in CLAUSE_STARTS and kinds[self.i] == "w":
            clause = self.clause()
            clauses.append(clause)
            if clause[0] == "return":
                break
        last = clauses[-1]
        assert last is not None
        ends = ("UNION", ";", "") if top else ("UNION", "}")
        if keys[self.i] not in ends or (keys[self.i] == "" and kinds[self.i] != "e"):
            if keys[self.i] == "IN" and kinds[self.i] == "w" and last[0].endswith("call subquery"):
                self.fail("CALL { } IN TRANSACTIONS is a batched write; only read-only queries may run")
            after = " after RETURN" if last[0] == "return" else ""
            self.unexpected(f"{_EXPECT_CLAUSE}{after} or the end of the query" if not after else
                            f"the end of the query or UNION{after}")
        if needs_return and last[0] != "return":
            standalone = top and len(clauses) == 1 and last[0].endswith("call procedure")
            if not standalone:
                self.fail("the query must end with RETURN")
        return ("single", start, None, tuple(clauses))

    def clause(self) -> Node:
        key, start = self.keys[self.i], self.starts[self.i]
        if key == "MATCH":
            return self.match(start, optional=False)
        if key == "OPTIONAL":
            self.i += 1
            if self.keys[self.i] == "MATCH":
                return self.match(start, optional=True)
            if self.keys[self.i] == "CALL":
                call = self.call()
                return ("optional " + call[0], start, call[2], call[3])
            self.unexpected("MATCH or CALL after OPTIONAL")
        if key == "UNWIND":
            self.i += 1
            source = self.expression()
            self.expect("AS", "AS after the UNWIND expression")
            return ("unwind", start, None, (source, self.variable("the UNWIND variable")))
        if key == "WITH" or key == "RETURN":
            return self.projection(key.lower(), start)
        return self.call()

    def match(self, start: int, optional: bool) -> Node:
        self.i += 1
        patterns = self.pattern_list()
        hints: list[Node | None] = []
        while self.keys[self.i] == "USING" and self.kinds[self.i] == "w":
            hints.append(self.hint())
        where = self.expression() if self.accept("WHERE") else None
        return ("optional match" if optional else "match", start, None, (patterns, *hints, where))

    def hint(self) -> Node:
        start = self.starts[self.i]
        self.i += 1
        if self.accept("JOIN"):
            self.expect("ON", "ON after USING JOIN")
            names = [self.variable()]
            while self.accept(","):
                names.append(self.variable())
            return ("join hint", start, None, tuple(names))
        if self.accept("SCAN"):
            variable = self.variable()
            self.expect(":", "':' and a label in USING SCAN")
            return ("scan hint", start, self.name("a label"), (variable,))
        if self.keys[self.i] in _INDEX_KINDS and self.kinds[self.i] == "w":
            self.i += 1
        self.expect("INDEX", "INDEX, SCAN or JOIN after USING")
        self.accept("SEEK")
        variable = self.variable()
        self.expect(":", "':' and a label in USING INDEX")
        label = self.name("a label or type")
        self.expect("(", "'(' and the indexed properties")
        properties = [self.name("a property name")]
        while self.accept(","):
            properties.append(self.name("a property name"))
        self.expect(")", "',' or ')' after the indexed properties")
        return ("index hint", start, f"{label}({', '.join(properties)})", (variable,))

    def projection(self, kind: str, start: int) -> Node:
        self.i += 1
        distinct = self.accept("DISTINCT")
        items: list[Node | None] = []
        if self.accept("*"):
            items.append(("*", self.starts[self.i - 1], None, ()))
            if self.accept(","):
                items.extend(self.projection_items())
        else:
            items.extend(self.projection_items())
        order = skip = limit = where = None
        if self.accept("ORDER"):
            self.expect("BY", "BY after ORDER")
            order = ("order by", self.starts[self.i], None, tuple(self.sort_items()))
        if self.accept("SKIP") or self.accept("OFFSET"):
            skip = self.expression()
        if self.accept("LIMIT"):
            limit = self.expression()
        if kind == "with" and self.accept("WHERE"):
            where = self.expression()
        return (kind, start, "distinct" if distinct else None, (*items, order, skip, limit, where))

    def projection_items(self) -> list[Node | None]:
        items: list[Node | None] = []
        while True:
            item = self.expression()
            if self.accept("AS"):
                item = ("as", item[1], None, (item, self.variable("an alias after AS")))
            items.append(item)
            if not self.accept(","):
                return items

    def call(self) -> Node:
        start = self.starts[self.i]
        self.expect("CALL")
        keys = self.keys
        if keys[self.i] in ("{", "("):
            imports: list[Node | None] = []
            if self.accept("("):
                if self.accept("*"):
                    imports.append(("*", self.starts[self.i - 1], None, ()))
                elif keys[self.i] != ")":
                    imports.append(self.variable("an imported variable"))
                    while self.accept(","):
                        imports.append(self.variable("an imported variable"))
                self.expect(")", "',' or ')' in the CALL import list")
            self.expect("{", "'{' and the subquery")
            body = self.query(needs_return=True)
            self.expect("}", "'}' closing the CALL subquery")
            return ("call subquery", start, None, (*imports, body))
        return self.procedure_call(start)

    def procedure_call(self, start: int) -> Node:
        name_index = self.i
        parts = [self.procedure_name_part()]
        while self.accept("."):
            parts.append(self.procedure_name_part())
        name = ".".join(parts)
        if name not in ALLOWED_PROCEDURES:
            allowed = ", ".join(sorted(ALLOWED_PROCEDURES))
            self.fail(f"procedure {name!r} is not on the read-only allow-list ({allowed})", name_index)
        self.procedures.append(name)
        arguments: list[Node | None] = []
        if self.accept("("):
            if self.keys[self.i] != ")":
                arguments.append(self.expression())
                while self.accept(","):
                    arguments.append(self.expression())
            self.expect(")", "',' or ')' in the procedure arguments")
        yields: list[Node | None] = []
        where = None
        if self.accept("YIELD"):
            if self.accept("*"):
                yields.append(("*", self.starts[self.i - 1], None, ()))
            else:
                while True:
                    item: Node = ("yield", self.starts[self.i], self.name("a procedure output name"), ())
                    if self.accept("AS"):
                        item = ("as", item[1], None, (item, self.variable("an alias after AS")))
                    yields.append(item)
                    if not self.accept(","):
                        break
            where = self.expression() if self.accept("WHERE") else None
        return ("call procedure", start, name, (*arguments, *yields, where))

    def procedure_name_part(self) -> str:
        i = self.i
        if self.kinds[i] == "q" and "." in self.values[i]:
            self.fail("a backtick-quoted procedure name part with a '.' in it", i)
        if self.kinds[i] not in "wq":
            self.unexpected("a procedure name or a { subquery } after CALL")
        self.i = i + 1
        return self.values[i]
