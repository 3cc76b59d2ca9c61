"""The read-only checker: an allow-list parser. Every corpus write is refused for its reason, every valid
read within the rules accepted (hand-written, generated and every shipped read under cypher/), and the
caps hold before any parsing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cypher.readonly import (
    ALLOWED_PROCEDURES,
    MAX_DEPTH,
    MAX_NESTING,
    MAX_QUERY_BYTES,
    MAX_TOKENS,
    TokenKind,
    UnsafeQuery,
    check_read_only,
    tokenize,
)
from cypher.readonly.rules import QUOTE_AS_NAMES
from cypher.readonly.syntax import STRUCTURAL_WORDS, show, walk
from tests.cypher.cypher_corpus import valid_reads, write_attempts

CORPUS = Path(__file__).parent / "corpus"
CYPHER = Path(__file__).resolve().parents[2] / "cypher"
_CODE_POINT = re.compile(r"\{U\+([0-9A-Fa-f]{4,6})\}")


@dataclass(frozen=True)
class Case:
    """One corpus query with the reason its refusal must mention (if any) and its line in the file."""

    query: str
    reason: str | None
    line: int

    def __str__(self) -> str:
        return f"line {self.line}: {self.query[:60]!r}"


def load_corpus(name: str) -> list[Case]:
    """Blocks separated by `---`; `#` lines are notes or `# reason:`; `{U+XXXX}` is that character."""
    cases: list[Case] = []
    block: list[str] = []
    reason: str | None = None
    first_line = 1
    lines = (CORPUS / name).read_text(encoding="utf-8").split("\n")
    for number, line in enumerate([*lines, "---"], start=1):
        if line.rstrip("\r") == "---":
            query = "\n".join(block).strip("\n")
            if query.strip():
                decoded = _CODE_POINT.sub(lambda m: chr(int(m.group(1), 16)), query)
                cases.append(Case(decoded, reason, first_line))
            block, reason, first_line = [], None, number + 1
        elif line.startswith("# reason:"):
            reason = line.removeprefix("# reason:").strip()
        elif not line.startswith("#"):
            block.append(line)
    return cases


WRITE_ATTEMPTS = load_corpus("write_attempts.txt")
LEGIT_READS = load_corpus("legit_reads.txt")
BEYOND_THE_RULES = load_corpus("beyond_the_rules.txt")
GENERATED_READS = valid_reads(1200, seed=15)
GENERATED_READS += [  # the same subqueries with the scope clause Neo4j 5.26 asks for: CALL (x) { ... }
    (re.sub(r"(?i)\bcall \{ with (\w+) ", r"call (\1) { ", text), features)
    for text, features in GENERATED_READS if "call-subquery" in features]
GENERATED_WRITES = write_attempts()
# Files under cypher/ that write (loaders, schema, classification): the checker must refuse each.
SHIPPED_WRITES = {
    "bulk/await_indexes", "bulk/restore_empty_lists",  # a schema procedure; a write after a bulk import
    "classify/drop_stale_segment_links", "ingest/inventor_patent_counts", "ingest/organization_patent_counts",
    "policy/remove_stale_extractions",
    "schema/001_keys", "schema/002_lookups", "schema/003_search_fulltext", "writes/create_relationships", "writes/merge_nodes",
    "writes/merge_nodes_plain", "writes/merge_relationships", "writes/record_schema_version",
}  # fmt: skip
# Templates with {{slots}} for a label or type, filled from the data model before they run.
SHIPPED_TEMPLATES = {"queries_internal/count_label", "queries_internal/count_type"}
SHIPPED = {str(p.relative_to(CYPHER).with_suffix("")): p.read_text(encoding="utf-8") for p in CYPHER.rglob("*.cypher")}


def test_corpora_are_substantial() -> None:
    # Guards against a loader bug that silently turns the corpora into a handful of cases.
    assert len(WRITE_ATTEMPTS) >= 180
    assert len(LEGIT_READS) >= 130
    assert len(BEYOND_THE_RULES) >= 45
    assert all(case.reason for case in WRITE_ATTEMPTS + BEYOND_THE_RULES), "every refusal names its reason"
    assert len(GENERATED_READS) >= 1000 and len(GENERATED_WRITES) >= 5000
    shipped_reads = set(SHIPPED) - SHIPPED_WRITES - SHIPPED_TEMPLATES
    assert len(shipped_reads) >= 100


@pytest.mark.parametrize("case", WRITE_ATTEMPTS, ids=str)
def test_write_attempt_is_refused_for_the_right_reason(case: Case) -> None:
    with pytest.raises(UnsafeQuery) as refused:
        check_read_only(case.query)
    assert case.reason is not None
    assert case.reason.lower() in str(refused.value).lower()


@pytest.mark.parametrize("case", BEYOND_THE_RULES, ids=str)
def test_read_beyond_the_rules_is_refused_for_the_rule(case: Case) -> None:
    with pytest.raises(UnsafeQuery) as refused:
        check_read_only(case.query)
    assert case.reason is not None
    assert case.reason.lower() in str(refused.value).lower()


@pytest.mark.parametrize("case", LEGIT_READS, ids=str)
def test_legit_read_is_accepted(case: Case) -> None:
    check_read_only(case.query)


def test_every_generated_write_in_every_position_is_refused() -> None:
    accepted = []
    wrong_reason = []
    for query, reason, how in GENERATED_WRITES:
        try:
            check_read_only(query)
        except UnsafeQuery as refused:
            if reason and reason not in refused.reason:
                wrong_reason.append((how, query, refused.reason))
        else:
            accepted.append((how, query))
    assert accepted == []  # the target: 0 writes accepted
    assert wrong_reason == []


def test_generated_reads_are_accepted() -> None:
    refused = []
    for query, _ in GENERATED_READS:
        try:
            check_read_only(query)
        except UnsafeQuery as error:
            refused.append((query, str(error)))
    # the target is >= 99% of valid reads within the rules; the generator's reads are all accepted
    assert refused == []


def test_generated_reads_are_diverse() -> None:
    features = [feature for _, used in GENERATED_READS for feature in used]
    for feature in ("var-length", "quantified-path", "exists-subquery", "count-subquery", "call-subquery", "union",
                    "pattern-comprehension", "map-projection", "reduce", "case", "comments", "keyword-property",
                    "backtick-variable", "procedure", "optional-match", "unwind", "label-predicate"):
        assert features.count(feature) >= 10, feature


@pytest.mark.parametrize("name", sorted(set(SHIPPED) - SHIPPED_WRITES - SHIPPED_TEMPLATES))
def test_every_shipped_read_is_accepted(name: str) -> None:
    check_read_only(SHIPPED[name])


@pytest.mark.parametrize("name", sorted(SHIPPED_WRITES))
def test_every_shipped_write_is_refused(name: str) -> None:
    with pytest.raises(UnsafeQuery):
        check_read_only(SHIPPED[name])


@pytest.mark.parametrize("case", LEGIT_READS[::3], ids=str)
@pytest.mark.parametrize("write", ["CREATE (x)", "SET x.y = 1", "DETACH DELETE x", "CALL apoc.create.node([], {})"])
def test_a_write_appended_to_a_legit_read_is_refused(case: Case, write: str) -> None:
    with pytest.raises(UnsafeQuery):
        check_read_only(f"{case.query}\n{write}")


def test_refusal_names_reason_position_line_and_column() -> None:
    query = "MATCH (n)\nRETURN n\n  DELETE n"
    with pytest.raises(UnsafeQuery) as refused:
        check_read_only(query)
    error = refused.value
    assert error.position == query.index("DELETE")
    assert (error.line, error.column) == (3, 3)
    assert "'DELETE' is a write clause" in error.reason
    assert "line 3, column 3" in str(error)


def test_the_tree_comes_from_the_grammar() -> None:
    # The old lexer checker took these for path quantifiers and refused them.
    arithmetic = check_read_only("UNWIND [[1]] AS l RETURN (l[0] - 1) * 2 AS a, 10 - [x IN l | x * 10][0] AS b")
    text = show(arithmetic.tree)
    assert "(op '*' (op '-' (index (var 'l') (number '0')) (number '1')) (number '2'))" in text
    assert "(op '-' (number '10') (index (list comprehension (var 'x') (var 'l') _" in text
    quantified = check_read_only("MATCH (a) ((x)-[:FEEDS]->(y)){1,3} (b) RETURN b")
    assert any(node[0] == "quantified path" and node[2] == "{1,3}" for node in walk(quantified.tree))
    # a keyword spelled as a property, label or map key stays a name
    names = check_read_only("MATCH (n:Set)-[:CREATE]->() RETURN n.delete AS d, {merge: 1} AS m")
    kinds = [(node[0], node[2]) for node in walk(names.tree) if node[0] in ("label", "property", "entry")]
    assert kinds == [("label", "Set"), ("label", "CREATE"), ("property", "delete"), ("entry", "merge")]


def test_parameters_procedures_and_functions_are_reported() -> None:
    checked = check_read_only(
        "MATCH (n {id: $id}) WHERE n.x IN $`odd name` AND $0 > 1 CALL db.labels() YIELD label "
        "RETURN toUpper(label) AS l, '$not_a_parameter' AS s // $nor_this"
    )
    assert checked.parameters == {"id", "odd name", "0"}
    assert checked.procedures == ("db.labels",)
    assert checked.functions == ("toupper",)


def test_allow_list_is_small_and_exact() -> None:
    assert ALLOWED_PROCEDURES == {"db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
                                  "db.index.fulltext.queryNodes"}
    for procedure in sorted(ALLOWED_PROCEDURES):
        check_read_only(f"CALL {procedure}()")
        with pytest.raises(UnsafeQuery, match="not on the read-only allow-list"):
            check_read_only(f"CALL {procedure.upper()}()")


@pytest.mark.parametrize("word", sorted(QUOTE_AS_NAMES | STRUCTURAL_WORDS))
def test_a_keyword_is_a_name_where_only_names_stand_and_must_be_quoted_elsewhere(word: str) -> None:
    for spelling in (word, word.lower(), word.title()):
        check_read_only(f"MATCH (n:{spelling})-[r:{spelling}]->(m) RETURN n.{spelling} AS a, {{{spelling}: 1}} AS b,"
                        f" n {{.{spelling}}} AS c, `{spelling}` AS d")
        for refused in (f"MATCH ({spelling}) RETURN 1 AS x", f"RETURN 1 AS {spelling}",
                        f"UNWIND [1] AS {spelling} RETURN 1 AS x", f"MATCH (n) WITH n AS {spelling} RETURN 1 AS x"):
            with pytest.raises(UnsafeQuery):
                check_read_only(refused)
        check_read_only(f"UNWIND [1] AS `{spelling}` RETURN `{spelling}` AS x")


def test_size_nesting_depth_and_token_caps_refuse_before_parsing() -> None:
    with pytest.raises(UnsafeQuery, match="at most 65,536"):
        check_read_only("RETURN '" + "x" * MAX_QUERY_BYTES + "' AS s")
    with pytest.raises(UnsafeQuery, match="at most 65,536"):  # bytes, not characters
        check_read_only("RETURN '" + "南" * (MAX_QUERY_BYTES // 3) + "' AS s")
    check_read_only("RETURN '" + "x" * (MAX_QUERY_BYTES - 20) + "' AS s")
    check_read_only("RETURN " + "(" * MAX_NESTING + "1" + ")" * MAX_NESTING + " AS x")
    with pytest.raises(UnsafeQuery, match=f"nested more than {MAX_NESTING} deep"):
        check_read_only("RETURN " + "[" * (MAX_NESTING + 1) + "1" + "]" * (MAX_NESTING + 1) + " AS x")
    with pytest.raises(UnsafeQuery, match=f"more than {MAX_DEPTH} levels"):
        check_read_only("RETURN " + "NOT " * (MAX_DEPTH + 1) + "true AS x")
    with pytest.raises(UnsafeQuery, match=f"more than {MAX_DEPTH} levels"):
        check_read_only("RETURN " + "- " * (MAX_DEPTH + 1) + "1 AS x")
    with pytest.raises(UnsafeQuery, match=f"more than {MAX_TOKENS:,} tokens"):
        check_read_only("RETURN " + "+".join(["1"] * MAX_TOKENS) + " AS x")
    with pytest.raises(UnsafeQuery, match=f"more than {MAX_TOKENS:,} tokens and comments"):
        check_read_only("RETURN 1 AS x " + "/**/" * MAX_TOKENS)
    check_read_only("RETURN " + "+".join(["1"] * (MAX_TOKENS // 2 - 4)) + " AS x")


def test_lexer_keeps_keywords_in_strings_comments_and_backticks_out_of_words() -> None:
    tokens = tokenize("RETURN 'CREATE' AS `SET`, $merge // DELETE\n/* REMOVE */", keep_comments=True)
    kinds = [(t.kind, t.value) for t in tokens]
    assert kinds == [
        (TokenKind.WORD, "RETURN"),
        (TokenKind.STRING, "CREATE"),
        (TokenKind.WORD, "AS"),
        (TokenKind.QUOTED_NAME, "SET"),
        (TokenKind.PUNCT, ","),
        (TokenKind.PARAMETER, "merge"),
        (TokenKind.COMMENT, " DELETE"),
        (TokenKind.COMMENT, " REMOVE "),
    ]


def test_lexer_reads_escapes_doubled_backticks_and_numbers() -> None:
    tokens = tokenize(r"RETURN 'a\'b', `x``y`, 1.5e3, 0x1F, [1..2], .5")
    assert [t.text for t in tokens] == [
        "RETURN", r"'a\'b'", ",", "`x``y`", ",", "1.5e3", ",", "0x1F", ",", "[", "1", "..", "2", "]", ",", ".5",
    ]  # fmt: skip
    assert tokens[3].value == "x`y"


def test_words_are_compared_case_insensitively() -> None:
    for spelling in ("delete", "Delete", "dElEtE"):
        with pytest.raises(UnsafeQuery, match="write clause"):
            check_read_only(f"MATCH (n) {spelling} n")


def test_backslashes_read_literally_must_not_turn_string_text_into_code() -> None:
    check_read_only(r"MATCH (o) WHERE o.name = 'O\'Brien' AND o.city = 'x' RETURN o")
    check_read_only(r"RETURN 'C:\\data\\' AS p, 'x' AS y")
    for query in (r"RETURN 'a\' CREATE (m) //' AS x", r"RETURN 'a\' ; MATCH (n) RETURN n //' AS x",
                  r"RETURN 'a\' + apoc.cypher.doIt(1) //' AS x", r"RETURN 'a\' CALL db.labels() //' AS x"):
        with pytest.raises(UnsafeQuery, match="backslashes taken literally"):
            check_read_only(query)


def test_unicode_spaces_are_whitespace_and_ambiguous_line_ends_stay_out_of_line_comments() -> None:
    for space in ("\u00a0", "\u3000", "\u2028", "\u2009", "\t", "\r", "\r\n"):
        check_read_only(f"MATCH (n){space}RETURN n")
    for end in ("\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c"):
        with pytest.raises(UnsafeQuery):
            check_read_only(f"MATCH (n) // comment{end}RETURN n\nRETURN 1 AS x")


def test_cjk_names_pass_and_latin_look_alikes_do_not() -> None:
    check_read_only("MATCH (n:组织) WHERE n.名称 = $名称 RETURN n.名称 AS 名称, n.フィールド AS 값")
    for letter in ("\u0421", "\u0395", "\uff23", "\u1d04", "\u0131", "\u017f"):
        with pytest.raises(UnsafeQuery, match="could pass for a Latin letter"):
            check_read_only(f"MATCH (n) RETURN n.x{letter} AS y")


def escape_string(text: str) -> str:
    """`text` as a single-quoted Cypher string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=200))
def test_random_text_is_accepted_or_refused_never_crashes(text: str) -> None:
    try:
        check_read_only(text)
    except UnsafeQuery as refused:
        assert 0 <= refused.position <= len(text)


_PIECES = st.sampled_from(
    ["MATCH", "(n)", "RETURN", "n", ".", "set", ":", "Label", "'", '"', "`", "\\", "//", "/*", "*/", "\n", " ",
     "CALL", "{", "}", "(", ")", "[", "]", ";", "$p", "AS", "create", "1.", "..", "EXISTS", "UNION", "db.labels",
     "apoc.x", "\u200b", "С", ",", "|", "=", "CASE", "END", "WHEN", "-", ">", "<", "*", "+", "2", "WHERE", "x IN"]
)  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_random_cypher_like_text_never_crashes_and_never_passes_a_write(pieces: list[str]) -> None:
    text = " ".join(pieces) if len(pieces) % 2 else "".join(pieces)
    try:
        checked = check_read_only(text)
    except UnsafeQuery as refused:
        assert 0 <= refused.position <= len(text)
        return
    words = {t.value for t in tokenize(text) if t.kind is TokenKind.WORD}
    assert not words & {"CREATE", "SET", "MERGE", "DELETE", "REMOVE"}, text
    assert checked.procedures in ((), ("db.labels",), ("db.labels", "db.labels"))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=100))
def test_any_text_inside_a_string_literal_is_harmless(text: str) -> None:
    check_read_only(f"MATCH (n) WHERE n.name = {escape_string(text)} RETURN n")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cf", "Cc", "Cs", "Co", "Cn", "Zl", "Zp")), max_size=60))
def test_comments_and_backtick_names_hide_any_visible_text(text: str) -> None:
    check_read_only(f"MATCH (n) // {text}\nRETURN n")
    check_read_only(f"MATCH (n) /* {text.replace('*/', '').replace('/*', '')} */ RETURN n")
    check_read_only(f"MATCH (n) RETURN n.`{text.replace('`', '``').replace(chr(92), '/')}` AS x")
