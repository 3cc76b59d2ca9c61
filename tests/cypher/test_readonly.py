"""The read-only checker: the write-attempt corpus is refused, the legitimate-read corpus accepted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cypher.readonly import (
    ALLOWED_PROCEDURES,
    TokenKind,
    UnsafeQuery,
    check_read_only,
    tokenize,
)

CORPUS = Path(__file__).parent / "corpus"
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


def test_corpora_are_substantial() -> None:
    # Guards against a loader bug that silently turns the corpora into a handful of cases.
    assert len(WRITE_ATTEMPTS) >= 100
    assert len(LEGIT_READS) >= 70
    assert all(case.reason for case in WRITE_ATTEMPTS), "every write attempt names its expected reason"


@pytest.mark.parametrize("case", WRITE_ATTEMPTS, ids=str)
def test_write_attempt_is_refused_for_the_right_reason(case: Case) -> None:
    with pytest.raises(UnsafeQuery) as refused:
        check_read_only(case.query)
    assert case.reason is not None
    assert case.reason.lower() in str(refused.value).lower()


@pytest.mark.parametrize("case", LEGIT_READS, ids=str)
def test_legit_read_is_accepted(case: Case) -> None:
    check_read_only(case.query)


@pytest.mark.parametrize("case", LEGIT_READS, ids=str)
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


def test_allow_list_is_small_and_read_only() -> None:
    assert ALLOWED_PROCEDURES == {"db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization"}
    for procedure in sorted(ALLOWED_PROCEDURES):
        check_read_only(f"CALL {procedure}()")


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
    tokens = tokenize(r"RETURN 'a\'b', `x``y`, 1.5e3, 0x1F, [1..2]")
    assert [t.text for t in tokens] == [
        "RETURN", r"'a\'b'", ",", "`x``y`", ",", "1.5e3", ",", "0x1F", ",", "[", "1", "..", "2", "]",
    ]  # fmt: skip
    assert tokens[3].value == "x`y"


def test_words_are_compared_case_insensitively() -> None:
    for spelling in ("delete", "Delete", "dElEtE"):
        with pytest.raises(UnsafeQuery, match="write clause"):
            check_read_only(f"MATCH (n) {spelling} n")


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
     "apoc.x", "\u200b", "С", ",", "|", "=", "CASE", "END"]
)  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=30))
def test_random_cypher_like_text_never_crashes(pieces: list[str]) -> None:
    text = "".join(pieces)
    try:
        check_read_only(text)
    except UnsafeQuery as refused:
        assert 0 <= refused.position <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=100))
def test_any_text_inside_a_string_literal_is_harmless(text: str) -> None:
    check_read_only(f"MATCH (n) WHERE n.name = {escape_string(text)} RETURN n")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cf", "Cc", "Cs", "Co", "Cn")), max_size=60))
def test_comments_and_backtick_names_hide_any_visible_text(text: str) -> None:
    line = text.replace("\n", " ").replace("\r", " ").replace("\u2028", " ").replace("\u2029", " ")
    line = line.replace("\x85", " ").replace("\x0b", " ").replace("\x0c", " ")
    check_read_only(f"MATCH (n) // {line}\nRETURN n")
    check_read_only(f"MATCH (n) /* {text.replace('*/', '')} */ RETURN n")
    check_read_only(f"MATCH (n) RETURN n.`{text.replace('`', '``')}` AS x")
