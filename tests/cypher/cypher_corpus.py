"""Corpora for the read-only checker, generated: diverse valid reads, and writes in every position.

`valid_reads(n, seed)` builds read queries over InnoGraph's data model from a grammar of its own
(clauses, patterns with bounded repetition, the expression language, subqueries, keyword-named
properties, labels and map keys, backticks, comments, odd spacing), tracking which variables are in
scope so each query is meaningful Cypher. Each comes with the features it uses, so a backend that lacks
one (ArcadeDB and quantified path patterns, say) can be told apart from a bad query.

`write_attempts()` puts every write clause (and procedures off the allow-list, LOAD CSV, batched
writes, administration) in every syntactic position, plain and disguised: other letter cases,
comments and line breaks between and inside tokens, look-alike and invisible characters, stacked
statements, keyword-named variables before them.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

LABELS = {
    "Organization": ["id", "name", "kind", "city", "province", "country", "patent_count"],
    "Patent": ["id", "number", "title", "year", "type", "valid", "claims_count", "application_date"],
    "Inventor": ["id", "name", "city", "province"],
    "Region": ["id", "name", "name_zh", "code", "level"],
    "ChainSegment": ["id", "key", "name_en", "name_zh", "position", "chain_id"],
    "Policy": ["id", "title", "region", "date"],
    "Measure": ["id", "text", "ordinal", "area"],
}
_NUMERIC = {"Organization": ["patent_count"], "Patent": ["year", "claims_count"], "Measure": ["ordinal"]}
RELATIONSHIPS = [
    ("Organization", "APPLIED_FOR", "Patent"), ("Inventor", "INVENTED", "Patent"),
    ("Inventor", "AFFILIATED_WITH", "Organization"), ("Organization", "LOCATED_IN", "Region"),
    ("Patent", "IN_SEGMENT", "ChainSegment"), ("ChainSegment", "FEEDS", "ChainSegment"),
    ("Policy", "HAS_MEASURE", "Measure"), ("Measure", "TARGETS_SEGMENT", "ChainSegment"),
    ("Patent", "CITES", "Patent"), ("Region", "LOCATED_IN", "Region"),
]  # fmt: skip
KEYWORD_NAMES = ["set", "create", "delete", "merge", "remove", "match", "return", "as", "where", "load", "call"]
STRINGS = ["'南京'", "'Jiangsu'", "'firm'", "\"university\"", "'CREATE (n)'", "'a;b'", "'it\\'s'", "'// not a comment'",
           "'/* nor this */'", "'SET x = 1'", "'苏州市'", "''"]  # fmt: skip


@dataclass
class _Query:
    parts: list[str] = field(default_factory=list)
    features: set[str] = field(default_factory=set)


class ReadGenerator:
    """Random but valid read queries; the same seed gives the same queries."""

    def __init__(self, seed: int, *, scoped_calls: bool = False) -> None:
        self.r = random.Random(seed)
        # Neo4j 5.26 deprecates the importing WITH of CALL subqueries for a scope clause, CALL (x) { }
        self.scoped_calls = scoped_calls
        self.counter = 0
        self.q = _Query()

    def fresh(self, stem: str) -> str:
        self.counter += 1
        return f"{stem}{self.counter}"

    def kw(self, word: str) -> str:
        """A keyword in a random letter case."""
        style = self.r.random()
        if style < 0.6:
            return word
        if style < 0.85:
            return word.lower()
        return "".join(c.upper() if self.r.random() < 0.5 else c.lower() for c in word)

    def gap(self) -> str:
        """The space between two tokens: mostly a space, sometimes a comment or a line break."""
        roll = self.r.random()
        if roll < 0.82:
            return " "
        if roll < 0.9:
            return "\n  "
        if roll < 0.94:
            self.q.features.add("comments")
            return " /* " + self.r.choice(["note", "DELETE? no", "x; y", "*", "é"]) + " */ "
        if roll < 0.97:
            self.q.features.add("comments")
            return " // " + self.r.choice(["why", "SET nothing", "'", "/*"]) + "\n"
        self.q.features.add("unicode-space")
        return self.r.choice(["\u3000", "\u00a0", "\t"])

    # -- expressions ------------------------------------------------------------------------------

    def prop(self, var: str, label: str) -> str:
        key = self.r.choice(LABELS[label])
        if self.r.random() < 0.05:
            self.q.features.add("keyword-property")
            key = self.r.choice(KEYWORD_NAMES)
        return f"{var}.{key}"

    def number(self, scope: dict[str, str], depth: int = 0) -> str:
        """A numeric expression (so a real database does not fail it on types)."""
        r = self.r
        nodes = [v for v, label in scope.items() if label in _NUMERIC]
        roll = r.random()
        if nodes and roll < 0.35:
            var = r.choice(nodes)
            return f"coalesce({var}.{r.choice(_NUMERIC[scope[var]])}, 0)"
        if roll < 0.55 or depth > 2:
            return r.choice(["1", "2", "42", "0x1F", "3.5", "1e3", "-7", "2024"])
        if roll < 0.7:
            return f"{self.number(scope, depth + 1)} {r.choice(['+', '-', '*', '%'])} {self.number(scope, depth + 1)}"
        if roll < 0.8:
            return f"{r.choice(['abs', 'toInteger', 'ceil', 'floor', 'sign'])}({self.number(scope, depth + 1)})"
        if roll < 0.9:
            self.q.features.add("list")
            x = self.fresh("x")
            return f"size([{x} {self.kw('IN')} range(1, 5) {self.kw('WHERE')} {x} % 2 = 0 | {x} * 10])"
        return f"({self.number(scope, depth + 1)})"

    def text(self, scope: dict[str, str], depth: int = 0) -> str:
        """A string expression."""
        r = self.r
        nodes = [v for v, label in scope.items() if label in LABELS]
        roll = r.random()
        if nodes and roll < 0.4:
            var = r.choice(nodes)
            return f"toString({self.prop(var, scope[var])})"
        if roll < 0.65 or depth > 2:
            return r.choice(STRINGS)
        if roll < 0.75:
            self.q.features.add("parameters")
            return r.choice(["$region", "$name", "$`odd name`"])
        if roll < 0.9:
            return f"{r.choice(['toLower', 'toUpper', 'trim', 'reverse'])}({self.text(scope, depth + 1)})"
        return f"{self.text(scope, depth + 1)} + {self.text(scope, depth + 1)}"

    def scalar(self, scope: dict[str, str], depth: int = 0) -> str:
        r = self.r
        nodes = [v for v, label in scope.items() if label in LABELS]
        roll = r.random()
        if nodes and roll < 0.35:
            var = r.choice(nodes)
            return self.prop(var, scope[var])
        if roll < 0.55:
            return self.number(scope, depth)
        if roll < 0.75 or depth > 2:
            return self.text(scope, depth)
        if roll < 0.85:
            return f"coalesce({self.scalar(scope, depth + 1)}, {self.text(scope, depth + 1)})"
        self.q.features.add("case")
        return (f"{self.kw('CASE')} {self.kw('WHEN')} {self.predicate(scope, depth + 1, where=False)} {self.kw('THEN')} "
                f"{self.text(scope, depth + 1)} {self.kw('ELSE')} {self.text(scope, depth + 1)} {self.kw('END')}")

    def predicate(self, scope: dict[str, str], depth: int = 0, where: bool = True) -> str:
        r = self.r
        roll = r.random()
        if roll < 0.2:
            return f"{self.number(scope, depth + 1)} {r.choice(['=', '<>', '<', '>', '<=', '>='])} {self.number(scope, depth + 1)}"
        if roll < 0.3:
            return f"{self.text(scope, depth + 1)} {r.choice(['=', '<>'])} {self.text(scope, depth + 1)}"
        if roll < 0.4:
            return f"{self.scalar(scope, depth + 1)} {self.kw('IS')} {r.choice(['NULL', 'NOT NULL'])}"
        if roll < 0.5:
            word = r.choice(["STARTS WITH", "ENDS WITH", "CONTAINS"])
            return f"{self.text(scope, depth + 1)} {' '.join(self.kw(w) for w in word.split())} {r.choice(STRINGS)}"
        if roll < 0.56:
            return f"{self.number(scope, depth + 1)} {self.kw('IN')} [{self.number(scope, depth + 1)}, 2]"
        nodes = [v for v, label in scope.items() if label in LABELS]
        if roll < 0.64 and nodes and where:
            var = r.choice(nodes)
            self.q.features.add("pattern-predicate")
            rel = self.rel_for(scope[var])
            return f"{self.kw('NOT') + ' ' if r.random() < 0.3 else ''}({var}){rel}()"
        if roll < 0.72 and nodes and depth < 2:
            var = r.choice(nodes)
            self.q.features.add("exists-subquery")
            other = self.fresh("m")
            inner = {**scope, other: "?"}
            extra = f" {self.kw('WHERE')} {self.predicate(inner, depth + 2, where)}" if r.random() < 0.4 else ""
            return f"{self.kw('EXISTS')} {{ {self.kw('MATCH')} ({var}){self.rel_for(scope[var])}({other}){extra} }}"
        if roll < 0.78 and nodes:
            var = r.choice(nodes)
            self.q.features.add("label-predicate")
            return f"{var}:{self.r.choice(list(LABELS))}"
        if depth > 1:
            return "true"
        op = r.choice(["AND", "OR", "XOR"])
        return f"({self.predicate(scope, depth + 1, where)} {self.kw(op)} {self.predicate(scope, depth + 1, where)})"

    def rel_for(self, label: str) -> str:
        outgoing = [t for s, t, _ in RELATIONSHIPS if s == label]
        incoming = [t for _, t, e in RELATIONSHIPS if e == label]
        if outgoing and (not incoming or self.r.random() < 0.5):
            return f"-[:{self.r.choice(outgoing)}]->"
        if incoming:
            return f"<-[:{self.r.choice(incoming)}]-"
        return "--"

    # -- patterns ---------------------------------------------------------------------------------

    def node(self, var: str, label: str, props: bool = True) -> str:
        parts = [var]
        if self.r.random() < 0.04:
            parts = [f"`{self.r.choice(KEYWORD_NAMES)}{self.counter}`"]
            self.q.features.add("backtick-variable")
        text = f"({parts[0]}:{label}"
        if props and self.r.random() < 0.25:
            key = self.r.choice(LABELS[label])
            text += f" {{{key}: {self.r.choice(['$name', repr('x'), '1'])}}}"
        return text + ")", parts[0]

    def path(self, scope: dict[str, str]) -> str:
        r = self.r
        source, relationship, target = r.choice(RELATIONSHIPS)
        a, b = self.fresh("a"), self.fresh("b")
        left, a = self.node(a, source)
        right, b = self.node(b, target)
        detail = f":{relationship}"
        roll = r.random()
        if roll < 0.15:
            low, high = r.choice([(1, 3), (1, 6), (2, 4), (0, 2)])
            detail += f"*{low}..{high}"
            self.q.features.add("var-length")
        elif roll < 0.2:
            detail += f"*..{r.randint(1, 6)}"
            self.q.features.add("var-length")
        elif roll < 0.25:
            r_var = self.fresh("r")
            detail = f"{r_var}{detail}"
            scope[r_var] = "rel"
        elif roll < 0.28:
            detail += f"|{r.choice([t for _, t, _ in RELATIONSHIPS])}"
        elif roll < 0.3:
            self.q.features.add("quantified-path")
            scope[a], scope[b] = source, target
            return f"{left} (()-[:{relationship}]->()){{1,{r.randint(1, 3)}}} {right}"
        arrow = f"-[{detail}]->" if r.random() < 0.85 else f"<-[{detail}]-"
        if arrow.startswith("<"):
            left, right = right, left
            scope[a], scope[b] = source, target
            return f"{left}{arrow}{right}"
        scope[a], scope[b] = source, target
        return f"{left}{arrow}{right}"

    # -- clauses ----------------------------------------------------------------------------------

    def projection(self, scope: dict[str, str], final: bool) -> tuple[str, dict[str, str]]:
        r = self.r
        items, out = [], {}
        nodes = [v for v, label in scope.items() if label in LABELS]
        for _ in range(r.randint(1, 3)):
            alias = self.fresh("c")
            roll = r.random()
            if nodes and roll < 0.15:
                var = r.choice(nodes)
                self.q.features.add("map-projection")
                key = r.choice(LABELS[scope[var]])
                items.append(f"{var} {{.{key}, .{r.choice(KEYWORD_NAMES)}, k: {self.scalar(scope)}}} {self.kw('AS')} {alias}")
            elif nodes and roll < 0.3:
                var = r.choice(nodes)
                self.q.features.add("aggregation")
                fn = r.choice(["count", "collect", "min", "max", "count"])
                distinct = f"{self.kw('DISTINCT')} " if r.random() < 0.3 else ""
                items.append(f"{fn}({distinct}{self.prop(var, scope[var])}) {self.kw('AS')} {alias}")
            elif nodes and roll < 0.36:
                var = r.choice(nodes)
                self.q.features.add("pattern-comprehension")
                other = self.fresh("p")
                items.append(f"[({var}){self.rel_for(scope[var])}({other}) | {other}.id] {self.kw('AS')} {alias}")
            elif nodes and roll < 0.42:
                var = r.choice(nodes)
                self.q.features.add("count-subquery")
                items.append(f"{self.kw('COUNT')} {{ ({var}){self.rel_for(scope[var])}() }} {self.kw('AS')} {alias}")
            elif roll < 0.48:
                self.q.features.add("reduce")
                acc, x = self.fresh("acc"), self.fresh("x")
                items.append(f"reduce({acc} = 0, {x} {self.kw('IN')} range(1, 3) | {acc} + {x}) {self.kw('AS')} {alias}")
            elif roll < 0.52:
                self.q.features.add("map-literal")
                key = r.choice(KEYWORD_NAMES)
                items.append(f"{{{key}: {self.scalar(scope)}, `two words`: 2}} {self.kw('AS')} {alias}")
            else:
                items.append(f"{self.scalar(scope)} {self.kw('AS')} {alias}")
            out[alias] = "value"
        for var in nodes[: r.randint(0, 2)]:
            if not final:
                items.append(var)
                out[var] = scope[var]
        text = ", ".join(items)
        if r.random() < 0.3:
            text += f" {self.kw('ORDER')} {self.kw('BY')} {next(iter(out))} {r.choice(['', 'DESC', 'ASC'])}".rstrip()
        if r.random() < 0.2:
            text += f" {self.kw('SKIP')} {r.choice(['0', '1', '$skip'])}"
            self.q.features.add("parameters")
        if r.random() < 0.4:
            text += f" {self.kw('LIMIT')} {r.choice(['5', '10', '100'])}"
        return text, out

    def single(self, depth: int = 0) -> str:
        r = self.r
        scope: dict[str, str] = {}
        clauses = []
        start = r.random()
        if start < 0.12:
            x = self.fresh("u")
            clauses.append(f"{self.kw('UNWIND')} {r.choice(['[1, 2, 3]', 'range(1, 4)', '$ids'])} {self.kw('AS')} {x}")
            scope[x] = "value"
            self.q.features.add("unwind")
        if start < 0.06 and not depth:
            self.q.features.add("procedure")
            label = self.fresh("l")
            clauses.append(f"{self.kw('CALL')} db.labels() {self.kw('YIELD')} label {self.kw('AS')} {label}")
            scope[label] = "value"
        patterns = [self.path(scope) for _ in range(r.choice([1, 1, 1, 2]))]
        clauses.append(f"{self.kw('MATCH')} {', '.join(patterns)}")
        if r.random() < 0.6:
            clauses.append(f"{self.kw('WHERE')} {self.predicate(scope)}")
        if r.random() < 0.25:
            nodes = [v for v, label in scope.items() if label in LABELS]
            var = r.choice(nodes)
            other = self.fresh("o")
            clauses.append(f"{self.kw('OPTIONAL')} {self.kw('MATCH')} ({var}){self.rel_for(scope[var])}({other})")
            scope[other] = "?"
            self.q.features.add("optional-match")
        if r.random() < 0.3:
            text, scope = self.projection(scope, final=False)
            clauses.append(f"{self.kw('WITH')} {text}")
            if r.random() < 0.3 and any(v == "value" for v in scope.values()):
                alias = next(v for v, kind in scope.items() if kind == "value")
                clauses.append(f"{self.kw('WHERE')} {alias} {self.kw('IS')} {self.kw('NOT')} {self.kw('NULL')}")
        if r.random() < 0.12 and depth == 0:
            nodes = [v for v, label in scope.items() if label in LABELS]
            if nodes:
                var = r.choice(nodes)
                inner = self.fresh("s")
                self.q.features.add("call-subquery")
                with_kw = self.kw("WITH")  # drawn first either way: the same seed gives the same queries
                body = f"{self.kw('MATCH')} ({var}){self.rel_for(scope[var])}({inner}) " \
                       f"{self.kw('RETURN')} count({inner}) {self.kw('AS')} {inner}_count"
                if self.scoped_calls:
                    clauses.append(f"{self.kw('CALL')} ({var}) {{ {body} }}")
                else:
                    clauses.append(f"{self.kw('CALL')} {{ {with_kw} {var} {body} }}")
                scope[f"{inner}_count"] = "value"
        text, _ = self.projection(scope, final=True)
        distinct = f"{self.kw('DISTINCT')} " if r.random() < 0.1 else ""
        clauses.append(f"{self.kw('RETURN')} {distinct}{text}")
        return self.gap().join(clauses)

    def query(self) -> tuple[str, frozenset[str]]:
        self.q = _Query()
        self.counter = 0
        text = self.single()
        if self.r.random() < 0.06:
            # both sides must return the same columns: a fixed pair
            self.q.features.add("union")
            text = (f"{self.kw('MATCH')} (o:Organization) {self.kw('RETURN')} o.name {self.kw('AS')} name "
                    f"{self.kw('UNION')} {self.r.choice(['', 'ALL '])}"
                    f"{self.kw('MATCH')} (i:Inventor) {self.kw('RETURN')} i.name {self.kw('AS')} name")
        if self.r.random() < 0.05:
            text += ";"
        return text, frozenset(self.q.features)


def valid_reads(n: int = 1200, seed: int = 15, *, scoped_calls: bool = False) -> list[tuple[str, frozenset[str]]]:
    """`n` distinct generated reads with their features."""
    generator = ReadGenerator(seed, scoped_calls=scoped_calls)
    seen: dict[str, frozenset[str]] = {}
    while len(seen) < n:
        text, features = generator.query()
        seen.setdefault(text, features)
    return list(seen.items())


# --- writes in every position ------------------------------------------------------------------------

WRITES: list[tuple[str, str]] = [
    ("CREATE (x:Evil {id: 1})", "write clause"),
    ("MERGE (x:Evil {id: 1})", "write clause"),
    ("SET n.evil = 1", "write clause"),
    ("SET n:Evil", "write clause"),
    ("SET n += {evil: 1}", "write clause"),
    ("DELETE n", "write clause"),
    ("DETACH DELETE n", "write clause"),
    ("NODETACH DELETE n", "write clause"),
    ("REMOVE n.name", "write clause"),
    ("REMOVE n:Organization", "write clause"),
    ("FOREACH (i IN [1] | CREATE (:Evil))", "write clause"),
    ("INSERT (:Evil)", "write clause"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS line", "data import"),
    ("LOAD CSV WITH HEADERS FROM 'https://example.com/x.csv' AS line", "data import"),
    ("CALL apoc.create.node(['Evil'], {}) YIELD node", "allow-list"),
    ("CALL apoc.meta.graph", "allow-list"),
    ("CALL db.createLabel('Evil')", "allow-list"),
    ("CALL apoc.cypher.runWrite('CREATE (:Evil)', {}) YIELD value", "allow-list"),
    ("CALL { CREATE (:Evil) }", "write clause"),
    ("CALL { MATCH (z) RETURN z } IN TRANSACTIONS", "batched write"),
    ("DROP INDEX patent_year", "administration"),
    ("CREATE INDEX evil IF NOT EXISTS FOR (z:Evil) ON (z.id)", "write clause"),
    ("USE system", "administration"),
    ("ALTER DATABASE innograph SET ACCESS READ WRITE", "administration"),
]

POSITIONS: list[str] = [
    "{w}",
    "MATCH (n) {w}",
    "MATCH (n) {w} RETURN n",
    "MATCH (n) WHERE n.x = 1 {w} RETURN n",
    "MATCH (n) WITH n {w} RETURN n",
    "MATCH (n) WITH n AS `as` {w} RETURN 1 AS one",
    "MATCH (n) WITH n, 1 AS `set` {w} RETURN n",
    "MATCH (n) WITH n ORDER BY n.x SKIP 0 LIMIT 1 {w} RETURN n",
    "UNWIND [1] AS i MATCH (n) {w} RETURN n",
    "MATCH (n) OPTIONAL MATCH (n)--(m) {w} RETURN n",
    "MATCH (n) RETURN n {w}",
    "MATCH (n) RETURN n ORDER BY n.x {w}",
    "MATCH (n) RETURN n LIMIT 1 {w}",
    "MATCH (n) CALL { WITH n {w} RETURN 1 AS one } RETURN n",
    "MATCH (n) CALL (n) { {w} RETURN 1 AS one } RETURN n",
    "MATCH (n) CALL { WITH n {w} } RETURN n",
    "MATCH (n) WHERE EXISTS { MATCH (n)--(m) {w} } RETURN n",
    "MATCH (n) RETURN COUNT { MATCH (n)--(m) {w} RETURN m } AS c",
    "MATCH (n) RETURN COLLECT { MATCH (n)--(m) {w} RETURN m } AS c",
    "MATCH (n) RETURN n UNION {w} RETURN 1 AS n",
    "MATCH (n) RETURN n UNION ALL MATCH (n) {w} RETURN n",
    "MATCH (n) RETURN [x IN [1] | {w}] AS l",
    "MATCH (n) RETURN CASE WHEN true THEN {w} END AS c",
    "MATCH (n) RETURN n; {w}",
    "MATCH (n) RETURN n;\n{w}",
    "MATCH (n) // comment\n{w}",
    "MATCH (n) /* c */ {w} /* c */ RETURN n",
    "MATCH (n)-[r]->(m) WHERE (n)-->(m) {w} RETURN n",
    "CALL db.labels() YIELD label {w} RETURN label",
    "MATCH (n) USING SCAN n:Organization {w} RETURN n",
    "MATCH (n:Organization {id: 'x'}) {w} RETURN n.name AS name",
    "MATCH (n) WITH n {.name} AS m {w} RETURN m",
]

_LOOKALIKES = {"C": "\u0421", "E": "\u0395", "A": "\u0410", "T": "\u0422", "O": "\u041e", "M": "\u041c"}


def _disguises(write: str) -> Iterator[tuple[str, str]]:
    """(name, text) variants of `write` that must stay refused."""
    first, _, rest = write.partition(" ")
    yield "plain", write
    yield "lower", write.lower()
    yield "mixed", "".join(c.lower() if i % 2 else c for i, c in enumerate(write))
    yield "comment-between", write.replace(" ", " /* x */ ", 1)
    yield "newline-between", write.replace(" ", "\n  // note\n  ", 1)
    yield "glued-comment", first[:2] + "/**/" + first[2:] + " " + rest
    for latin, other in _LOOKALIKES.items():
        if latin in first:
            yield "lookalike", first.replace(latin, other, 1) + " " + rest
            break
    yield "zero-width", first[:2] + "\u200b" + first[2:] + " " + rest
    yield "backticked", f"`{first}` {rest}"


def write_attempts() -> list[tuple[str, str, str]]:
    """(query, expected reason fragment or '' for any refusal, how it was made) for every write x position."""
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for write, reason in WRITES:
        for position in POSITIONS:
            for disguise, text in _disguises(write):
                query = position.replace("{w}", text)
                if query in seen:
                    continue
                seen.add(query)
                # the plain form must be refused for what it is; a disguise may trip an earlier rule
                expected = reason if disguise == "plain" and _names_the_write(position, write) else ""
                out.append((query, expected, f"{disguise} in {position!r}"))
    return out


def _names_the_write(position: str, write: str) -> bool:
    """True where the write is the first thing wrong, so the refusal must say what it is."""
    if any(marker in position for marker in ("[x IN", "CASE WHEN", "RETURN n; ", "RETURN n;\n", "UNION {w}")):
        return False
    # after a final RETURN any CALL is refused as such (nothing may follow RETURN), before its name is read
    return not (write.startswith("CALL") and position.split("{w}")[0].rstrip().split(" ")[-2:-1] != ["CALL"]
                and "RETURN n" in position.split("{w}")[0] and "UNION" not in position)
