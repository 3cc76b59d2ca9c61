"""Refuse every Cypher statement that could write, before it reaches the database.

Why a checker: the embedded backend (ArcadeDB over Bolt) runs writes even in a READ session and
ignores Bolt transaction timeouts, so the access mode protects nothing. Saved and ad-hoc analyst
queries go through `check_read_only` first; it raises `UnsafeQuery(reason, position)` or returns.

How: a real lexer (`tokenize`) turns the text into tokens, so words inside string literals,
comments and backtick-quoted names never count; a clause-level scan then looks at every word that
stands where a keyword can stand. Anything the scan cannot vouch for is refused: the checker errs
towards refusing a harmless query rather than passing a harmful one.

Accepted: one statement (a trailing `;` is fine) that starts with MATCH, OPTIONAL MATCH, WITH,
UNWIND, RETURN or CALL, using only reading clauses. Subqueries (`CALL { }`, `CALL (x) { }`,
`EXISTS { }`, `COUNT { }`, `COLLECT { }`) and the query after UNION must start the same way
(EXISTS and COUNT may also start with a pattern); their contents are scanned like the rest.

Refused, wherever they stand as keywords (any letter case):
  * write clauses: CREATE, MERGE, SET, DELETE, DETACH, NODETACH, REMOVE, FOREACH, INSERT,
    LOAD (CSV), and TRANSACTIONS (`CALL { } IN TRANSACTIONS`);
  * schema and administration: DROP, ALTER, GRANT, DENY, REVOKE, RENAME, TERMINATE, ENABLE,
    DEALLOCATE, REALLOCATE, SHOW, USE, and START / STOP when followed by a name (START DATABASE);
  * PROFILE and EXPLAIN prefixes (PROFILE executes the query; a runner may add EXPLAIN itself);
  * SQL and transaction words ArcadeDB would act on: UPDATE, UPSERT, TRUNCATE, BEGIN, COMMIT,
    ROLLBACK, IMPORT, EXPORT, BACKUP, RESTORE, REBUILD, OPTIMIZE, MOVE;
  * `CALL proc(...)` unless `proc` is in `ALLOWED_PROCEDURES` (exact spelling);
  * namespaced function calls outside `ALLOWED_FUNCTION_NAMESPACES` (APOC functions such as
    `apoc.cypher.runFirstColumn` run Cypher taken from a string, which no checker can see), and
    backtick-quoted function names;
  * a second statement after `;`;
  * unquoted names with letters other than ASCII and CJK/kana/hangul (Cyrillic or Greek look-alikes,
    fullwidth or mathematical letters, dotless i, ...): the backend might fold them into a keyword;
  * invisible formatting characters (zero-width, bidi controls) and control characters anywhere
    outside string literals, including comments and backtick names (they can hide code from a reader);
  * any character the Cypher lexer does not know (fullwidth punctuation, `#`, `\\` outside strings);
  * a `/* comment */` glued between two words (`CRE/**/ATE`), which a naive comment stripper joins;
  * unterminated strings, comments or backtick names, and unbalanced brackets.

Where a keyword word is really a name: after `.` (`n.set`, `n {.set}`), after `:` or `::` (labels,
types, `[:DELETE]`), a map key or pattern variable followed by `:` (`{merge: 1}`, `(create:Label)`),
the alias after AS (`RETURN x AS create`), and a variable being dereferenced (`create.name`); never
when a `(` follows. Anywhere else (a bare `RETURN create`, a label after `|`) a variable or label
called `set` or `create` is refused; quote it with backticks (`` `set` ``).

Escapes: Cypher strings use backslash escapes. In case a backend read a string differently, the
query is also read as if backslashes did not escape; if that reading lexes, it must pass too.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

ALLOWED_PROCEDURES: frozenset[str] = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
    }
)
"""Procedures `CALL` may name: read-only schema listings, compared by exact spelling."""

ALLOWED_FUNCTION_NAMESPACES: frozenset[str] = frozenset(
    {"date", "datetime", "localdatetime", "localtime", "time", "duration", "point", "vector.similarity"}
)
"""Namespaces of built-in, side-effect-free functions (`date.truncate`, `point.distance`, ...)."""

READ_STARTS: frozenset[str] = frozenset({"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL"})

_WRITE = "write clause"
_ADMIN = "schema or administration command"
_SQL = "SQL or transaction command"
_REFUSED_KEYWORDS: dict[str, str] = {
    **dict.fromkeys(
        ("CREATE", "MERGE", "SET", "DELETE", "DETACH", "NODETACH", "REMOVE", "FOREACH", "INSERT"), _WRITE
    ),
    "LOAD": "data import (LOAD CSV)",
    "TRANSACTIONS": "batched write (CALL { } IN TRANSACTIONS)",
    **dict.fromkeys(
        ("DROP", "ALTER", "GRANT", "DENY", "REVOKE", "RENAME", "TERMINATE", "ENABLE", "DEALLOCATE")
        + ("REALLOCATE", "SHOW", "USE", "START", "STOP"),
        _ADMIN,
    ),
    "PROFILE": "PROFILE prefix (it executes the query)",
    "EXPLAIN": "EXPLAIN prefix",
    **dict.fromkeys(
        ("UPDATE", "UPSERT", "TRUNCATE", "BEGIN", "COMMIT", "ROLLBACK", "IMPORT", "EXPORT", "BACKUP")
        + ("RESTORE", "REBUILD", "OPTIMIZE", "MOVE"),
        _SQL,
    ),
}

# START and STOP are common variable names (`RETURN start`); they are commands only when a name follows.
_COMMAND_ONLY_BEFORE_A_NAME = frozenset({"START", "STOP"})
_WORDS_THAT_CAN_FOLLOW_AN_EXPRESSION = frozenset(
    {"AS", "AND", "OR", "XOR", "IN", "IS", "CONTAINS", "STARTS", "ENDS", "ASC", "ASCENDING", "DESC"}
    | {"DESCENDING", "WHERE", "ORDER", "SKIP", "LIMIT", "OFFSET", "UNION", "THEN", "ELSE", "END", "WHEN"}
    | READ_STARTS
)

_SUBQUERY_KEYWORDS = frozenset({"EXISTS", "COUNT", "COLLECT"})
_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}

# Longest first, so `..` wins over `.` and `::` over `:`.
_PUNCTUATION = (
    "..", "::", "<=", ">=", "<>", "!=", "=~", "+=", "->", "<-", "||",
    "(", ")", "[", "]", "{", "}", ",", ";", ":", ".", "=", "<", ">", "+", "-", "*", "/", "%", "^", "|",
    "!", "?", "&",
)  # fmt: skip
_NUMBER = re.compile(r"0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|[0-9][0-9_]*(?:\.[0-9][0-9_]*)?(?:[eE][+-]?[0-9]+)?")
_LINE_ENDS = "\n\r\u2028\u2029\x85\x0b\x0c"
_SPACE_CONTROLS = " \t\n\r\x0b\x0c\x85"
_SAFE_NON_ASCII_LETTER_PREFIXES = ("CJK UNIFIED IDEOGRAPH", "HIRAGANA", "KATAKANA", "HANGUL SYLLABLE")


class UnsafeQuery(ValueError):
    """A statement the read-only checker refuses: why, and at which character offset."""

    def __init__(self, reason: str, position: int, line: int | None = None, column: int | None = None) -> None:
        self.reason = reason
        self.position = position
        self.line = line
        self.column = column
        where = f"line {line}, column {column}" if line is not None else f"offset {position}"
        super().__init__(f"refused: {reason} (at {where})")


class TokenKind(enum.Enum):
    """What a lexed piece of Cypher is."""

    WORD = "word"  # unquoted identifier or keyword
    QUOTED_NAME = "quoted name"  # `backtick quoted`
    STRING = "string"
    NUMBER = "number"
    PARAMETER = "parameter"
    PUNCT = "punctuation"
    COMMENT = "comment"


@dataclass(frozen=True, slots=True)
class Token:
    """One lexed token: `value` is upper-cased for words, unescaped for quoted names, the name for parameters."""

    kind: TokenKind
    text: str
    value: str
    start: int

    def is_punct(self, *symbols: str) -> bool:
        """True for a punctuation token that is one of `symbols`."""
        return self.kind is TokenKind.PUNCT and self.value in symbols

    def is_word(self, *words: str) -> bool:
        """True for an unquoted word whose upper-cased spelling is one of `words`."""
        return self.kind is TokenKind.WORD and self.value in words


def refusal(text: str, reason: str, position: int) -> UnsafeQuery:
    """An `UnsafeQuery` with the line and column of `position` in `text`."""
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    return UnsafeQuery(reason, position, line, column)


def describe_char(ch: str) -> str:
    """`U+200B (ZERO WIDTH SPACE)`: a character named so a reader can see it."""
    return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'unnamed')})"


def _is_space(ch: str) -> bool:
    return ch in _SPACE_CONTROLS or unicodedata.category(ch) in ("Zs", "Zl", "Zp")


def _hidden_char_problem(ch: str) -> str | None:
    """Why an invisible or control character may not stand outside a string literal, if it may not."""
    category = unicodedata.category(ch)
    if category == "Cf":
        return f"invisible formatting character {describe_char(ch)} outside a string literal"
    if category in ("Cc", "Cs", "Co", "Cn") and ch not in _SPACE_CONTROLS and ch != "\t":
        return f"control or unassigned character {describe_char(ch)} outside a string literal"
    return None


def _unsafe_letter(ch: str) -> bool:
    """True for a non-ASCII letter that might pass for (or fold into) a Latin one."""
    if ch.isascii():
        return False
    return not unicodedata.name(ch, "").startswith(_SAFE_NON_ASCII_LETTER_PREFIXES)


class _Lexer:
    """Turns query text into tokens; one instance per call of `tokenize`."""

    def __init__(self, text: str, backslash_escapes: bool) -> None:
        self.text = text
        self.backslash_escapes = backslash_escapes
        self.tokens: list[Token] = []

    def fail(self, reason: str, position: int) -> UnsafeQuery:
        return refusal(self.text, reason, position)

    def emit(self, kind: TokenKind, start: int, end: int, value: str) -> int:
        self.tokens.append(Token(kind, self.text[start:end], value, start))
        return end

    def run(self) -> list[Token]:
        text, i = self.text, 0
        if text.startswith("\ufeff"):  # a byte-order mark left by an editor
            i = 1
        while i < len(text):
            ch = text[i]
            if _is_space(ch):
                i += 1
            elif text.startswith("//", i):
                i = self.line_comment(i)
            elif text.startswith("/*", i):
                i = self.block_comment(i)
            elif ch in "'\"":
                i = self.string(i)
            elif ch == "`":
                end, name = self.quoted_name(i)
                i = self.emit(TokenKind.QUOTED_NAME, i, end, name)
            elif ch == "$":
                i = self.parameter(i)
            elif ch.isalpha() or ch == "_":
                end = self.word_end(i)
                i = self.emit(TokenKind.WORD, i, end, text[i:end].upper())
            elif "0" <= ch <= "9":
                i = self.number(i)
            else:
                i = self.punctuation(i)
        return self.tokens

    def check_hidden(self, start: int, end: int) -> None:
        for position in range(start, end):
            problem = _hidden_char_problem(self.text[position])
            if problem:
                raise self.fail(problem, position)

    def line_comment(self, start: int) -> int:
        end = start + 2
        # Ending the comment at every line-ending kind errs towards scanning more text as code.
        while end < len(self.text) and self.text[end] not in _LINE_ENDS:
            end += 1
        self.check_hidden(start, end)
        return self.emit(TokenKind.COMMENT, start, end, self.text[start + 2 : end])

    def block_comment(self, start: int) -> int:
        close = self.text.find("*/", start + 2)
        if close < 0:
            raise self.fail("unterminated /* comment", start)
        self.check_hidden(start, close)
        return self.emit(TokenKind.COMMENT, start, close + 2, self.text[start + 2 : close])

    def string(self, start: int) -> int:
        quote, i = self.text[start], start + 1
        while i < len(self.text):
            ch = self.text[i]
            if ch == "\\" and self.backslash_escapes:
                i += 2
            elif ch == quote:
                return self.emit(TokenKind.STRING, start, i + 1, self.text[start + 1 : i])
            else:
                i += 1
        raise self.fail("unterminated string literal", start)

    def quoted_name(self, start: int) -> tuple[int, str]:
        """End and unescaped value of the backtick name at `start` (a doubled backtick is a backtick)."""
        i = start + 1
        while i < len(self.text):
            if self.text[i] == "`":
                if self.text.startswith("``", i):
                    i += 2
                    continue
                self.check_hidden(start, i)
                return i + 1, self.text[start + 1 : i].replace("``", "`")
            i += 1
        raise self.fail("unterminated backtick-quoted name", start)

    def word_end(self, start: int) -> int:
        i = start
        while i < len(self.text) and (self.text[i].isalnum() or self.text[i] == "_"):
            if _unsafe_letter(self.text[i]):
                raise self.fail(
                    f"letter {describe_char(self.text[i])} in an unquoted name could pass for a Latin letter;"
                    " write keywords in ASCII and quote such names in backticks",
                    i,
                )
            i += 1
        return i

    def parameter(self, start: int) -> int:
        i = start + 1
        nxt = self.text[i] if i < len(self.text) else ""
        if nxt == "`":
            end, name = self.quoted_name(i)
            return self.emit(TokenKind.PARAMETER, start, end, name)
        if nxt.isalpha() or nxt == "_":
            end = self.word_end(i)
            return self.emit(TokenKind.PARAMETER, start, end, self.text[i:end])
        if "0" <= nxt <= "9":
            end = i
            while end < len(self.text) and "0" <= self.text[end] <= "9":
                end += 1
            return self.emit(TokenKind.PARAMETER, start, end, self.text[i:end])
        if nxt == "(":  # dynamic label or type: `:$($label)`
            return self.emit(TokenKind.PUNCT, start, i, "$")
        raise self.fail("'$' must be followed by a parameter name", start)

    def number(self, start: int) -> int:
        match = _NUMBER.match(self.text, start)
        assert match is not None  # the caller saw a digit
        end = match.end()
        if end < len(self.text) and (self.text[end].isalnum() or self.text[end] == "_"):
            raise self.fail(f"malformed number {self.text[start : end + 1]!r}", start)
        return self.emit(TokenKind.NUMBER, start, end, self.text[start:end])

    def punctuation(self, start: int) -> int:
        for symbol in _PUNCTUATION:
            if self.text.startswith(symbol, start):
                return self.emit(TokenKind.PUNCT, start, start + len(symbol), symbol)
        ch = self.text[start]
        raise self.fail(_hidden_char_problem(ch) or f"unexpected character {describe_char(ch)}", start)


def tokenize(query: str, *, backslash_escapes: bool = True, keep_comments: bool = False) -> list[Token]:
    """The tokens of `query`; raises `UnsafeQuery` for text no Cypher lexer should accept."""
    tokens = _Lexer(query, backslash_escapes).run()
    return tokens if keep_comments else [t for t in tokens if t.kind is not TokenKind.COMMENT]


def check_read_only(query: str) -> None:
    """Return if `query` is one read-only Cypher statement; raise `UnsafeQuery` otherwise."""
    with_comments = tokenize(query, keep_comments=True)
    _refuse_comments_inside_words(query, with_comments)
    tokens = [t for t in with_comments if t.kind is not TokenKind.COMMENT]
    _Scan(query, tokens).run()
    try:
        literal_reading = tokenize(query, backslash_escapes=False)
    except UnsafeQuery:
        return  # without backslash escapes it does not even lex, so no backend would run it that way
    if [(t.kind, t.start) for t in literal_reading] == [(t.kind, t.start) for t in tokens]:
        return
    try:
        _Scan(query, literal_reading).run()
    except UnsafeQuery as refused:
        raise UnsafeQuery(
            f"{refused.reason} (when backslashes in strings are read literally)",
            refused.position,
            refused.line,
            refused.column,
        ) from None


def _refuse_comments_inside_words(text: str, tokens: Sequence[Token]) -> None:
    """Refuse `CRE/**/ATE`: a backend that strips comments without leaving a space would read CREATE."""
    glued = (TokenKind.WORD, TokenKind.NUMBER, TokenKind.PARAMETER)
    for before, comment, after in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if comment.kind is not TokenKind.COMMENT or not comment.text.startswith("/*"):
            continue
        touches_before = before.kind in glued and before.start + len(before.text) == comment.start
        touches_after = after.kind in glued and comment.start + len(comment.text) == after.start
        if touches_before and touches_after:
            raise refusal(text, "a /* comment */ inside a word; separate words with spaces", comment.start)


class _Scan:
    """The clause-level checks over one token stream (comments already dropped)."""

    def __init__(self, text: str, tokens: Sequence[Token]) -> None:
        self.text = text
        self.code = list(tokens)
        self.keyword = [False] * len(self.code)  # does the word at i stand where a keyword can?
        self.partner: dict[int, int] = {}  # index of each bracket -> index of its match
        # (index, what, pattern allowed): where a query or subquery must begin with a read clause.
        self.starts: list[tuple[int, str, bool]] = [(0, "a query", False)]

    def fail(self, reason: str, token: Token | None) -> UnsafeQuery:
        return refusal(self.text, reason, token.start if token else len(self.text))

    def at(self, i: int) -> Token | None:
        return self.code[i] if 0 <= i < len(self.code) else None

    def run(self) -> None:
        self.one_statement()
        if not self.code:
            raise self.fail("empty query", None)
        self.match_brackets()
        for i, token in enumerate(self.code):
            if token.kind is TokenKind.WORD:
                self.keyword[i] = not self.is_name_position(i)
                if self.keyword[i]:
                    self.check_keyword(i)
            if token.kind in (TokenKind.WORD, TokenKind.QUOTED_NAME):
                self.check_function_call(i)
        # After the keyword scan, so `CREATE (n)` is refused as a write rather than as a bad start.
        for start, what, pattern_allowed in self.starts:
            self.expect_read_start(start, what, pattern_allowed)

    def one_statement(self) -> None:
        for i, token in enumerate(self.code):
            if token.is_punct(";"):
                if i != len(self.code) - 1:
                    raise self.fail("more than one statement: nothing may follow ';'", self.code[i + 1])
                self.code.pop()
                self.keyword.pop()

    def match_brackets(self) -> None:
        stack: list[int] = []
        for i, token in enumerate(self.code):
            if token.kind is not TokenKind.PUNCT:
                continue
            if token.value in _OPENERS:
                stack.append(i)
            elif token.value in _CLOSERS:
                if not stack or self.code[stack[-1]].value != _CLOSERS[token.value]:
                    raise self.fail(f"unbalanced {token.value!r}", token)
                opener = stack.pop()
                self.partner[opener], self.partner[i] = i, opener
        if stack:
            raise self.fail(f"unclosed {self.code[stack[-1]].value!r}", self.code[stack[-1]])

    def expect_read_start(self, i: int, what: str, pattern_allowed: bool = False) -> None:
        token = self.at(i)
        if token is not None and token.kind is TokenKind.WORD and token.value in READ_STARTS:
            return
        if pattern_allowed and token is not None and token.is_punct("("):
            return
        found = repr(token.text) if token else "the end"
        raise self.fail(
            f"{what} must start with MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN or CALL; found {found}", token
        )

    def is_name_position(self, i: int) -> bool:
        """True where grammar allows only a name: property key, label, map key, pattern variable, alias."""
        prev, nxt = self.at(i - 1), self.at(i + 1)
        before_prev = self.at(i - 2)
        opens_paren = nxt is not None and nxt.is_punct("(")
        if prev is not None and prev.is_punct(".") and before_prev is not None:
            # `n.set`, `$p.set`, `(n).set`; never after a number, where a lax lexer may read `1.` as a float.
            if before_prev.kind in (TokenKind.WORD, TokenKind.QUOTED_NAME, TokenKind.PARAMETER):
                return True
            if before_prev.is_punct(")", "]", "}"):
                return True
            if before_prev.is_punct("{", ",") and not opens_paren:  # map projection `n {.set}`
                return True
        after_next = self.at(i + 2)
        if nxt is not None and nxt.is_punct(".") and after_next is not None:
            # `create.name`: a variable being dereferenced; no clause keyword is ever followed by `.`.
            if after_next.kind in (TokenKind.WORD, TokenKind.QUOTED_NAME):
                return True
        if prev is None:
            return False
        if prev.is_punct(":", "::") and not opens_paren:
            return True
        if nxt is not None and nxt.is_punct(":") and prev.is_punct("{", ",", "(", "["):
            return True
        return prev.is_word("AS") and self.keyword[i - 1] and not opens_paren

    def check_keyword(self, i: int) -> None:
        token = self.code[i]
        category = _REFUSED_KEYWORDS.get(token.value)
        if category and token.value in _COMMAND_ONLY_BEFORE_A_NAME:
            nxt = self.at(i + 1)
            names_follow = nxt is not None and (
                nxt.kind is TokenKind.QUOTED_NAME
                or (nxt.kind is TokenKind.WORD and nxt.value not in _WORDS_THAT_CAN_FOLLOW_AN_EXPRESSION)
            )
            category = category if names_follow else None
        if category:
            raise self.fail(
                f"{token.text!r} is a {category}; only read-only queries may run"
                " (quote a name that happens to be a keyword in backticks)",
                token,
            )
        nxt = self.at(i + 1)
        if token.value == "CALL":
            self.check_call(i)
        elif token.value in _SUBQUERY_KEYWORDS and nxt is not None and nxt.is_punct("{"):
            self.starts.append((i + 2, f"a {token.value} subquery", token.value != "COLLECT"))
        elif token.value == "UNION":
            after = i + 2 if nxt is not None and nxt.is_word("ALL", "DISTINCT") else i + 1
            self.starts.append((after, "the query after UNION", False))

    def check_call(self, i: int) -> None:
        nxt = self.at(i + 1)
        if nxt is not None and nxt.is_punct("{"):
            self.starts.append((i + 2, "a CALL subquery", False))
            return
        if nxt is not None and nxt.is_punct("("):  # scoped subquery `CALL (x) { ... }`
            brace = self.partner[i + 1] + 1
            opener = self.at(brace)
            if opener is None or not opener.is_punct("{"):
                raise self.fail("CALL (...) must be followed by a { subquery }", opener)
            self.starts.append((brace + 1, "a CALL subquery", False))
            return
        name, _ = self.dotted_name(i + 1)
        if name is None:
            raise self.fail("CALL must be followed by a procedure name or a { subquery }", nxt)
        if name not in ALLOWED_PROCEDURES:
            allowed = ", ".join(sorted(ALLOWED_PROCEDURES))
            raise self.fail(f"procedure {name!r} is not on the read-only allow-list ({allowed})", nxt)

    def dotted_name(self, i: int) -> tuple[str | None, int]:
        """The name `a.b.c` starting at token i (words keep their spelling) and the index after it."""
        parts: list[str] = []
        while (token := self.at(i)) is not None and token.kind in (TokenKind.WORD, TokenKind.QUOTED_NAME):
            parts.append(token.text if token.kind is TokenKind.WORD else token.value)
            dot = self.at(i + 1)
            if dot is None or not dot.is_punct("."):
                return ".".join(parts), i + 1
            i += 2
        return (".".join(parts) if parts else None), i

    def check_function_call(self, i: int) -> None:
        prev = self.at(i - 1)
        if prev is not None and (prev.is_punct(".") or (prev.is_word("CALL") and self.keyword[i - 1])):
            return  # the middle of a dotted name, or a procedure name (checked by check_call)
        name, after = self.dotted_name(i)
        call = self.at(after)
        if name is None or call is None or not call.is_punct("("):
            return
        token = self.code[i]
        if token.kind is TokenKind.QUOTED_NAME and "." not in name:
            raise self.fail(f"backtick-quoted function name {token.text} is not allowed", token)
        if "." in name or token.kind is TokenKind.QUOTED_NAME:
            namespace = name.rsplit(".", 1)[0].lower()
            if namespace not in ALLOWED_FUNCTION_NAMESPACES:
                allowed = ", ".join(sorted(ALLOWED_FUNCTION_NAMESPACES))
                raise self.fail(f"function {name!r} is not a built-in read-only function ({allowed}.*)", token)
