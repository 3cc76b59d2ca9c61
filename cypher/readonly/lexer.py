"""Cypher text to tokens, refusing whatever two Cypher implementations might read differently.

One regular expression reads the whole text (linear time). Tokens go into parallel lists, which the
parser indexes directly: `kinds` (w = unquoted word, q = backtick-quoted name, s = string, n =
number, p = parameter, x = punctuation, e = end), `keys` (an unquoted word upper-cased, a
punctuation symbol, '' for the rest: so a keyword test is one comparison and a quoted name never
passes for a keyword), `values` and `starts`. While lexing, brackets are matched and their depth
capped (`MAX_NESTING`), so no input can drive the parser deep; each `(` knows its `)`.

What is refused here, and why (a backend that lexed it otherwise could see other code):
  * a `//` comment holding a character some lexers end a line at (U+2028, U+0085, ...), a `/*`
    inside a block comment (nested comments), a comment glued between two words (`CRE/**/ATE`);
  * invisible formatting and control characters outside string literals, even in comments and
    backtick names (they can hide code from a reader); a backslash in a backtick name;
  * unquoted names with letters that could pass for Latin ones (Cyrillic, Greek, fullwidth, ...);
  * numbers glued to letters (`1CREATE`), `$` without a name, any character Cypher does not use,
    unterminated strings, comments and names, unbalanced brackets, anything after a `;`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from cypher.readonly.rules import MAX_NESTING, MAX_TOKENS, SAFE_NON_ASCII_LETTERS


class UnsafeQuery(ValueError):
    """A statement the read-only checker refuses: why, and at which character offset."""

    def __init__(self, reason: str, position: int, line: int | None = None, column: int | None = None) -> None:
        self.reason = reason
        self.position = position
        self.line = line
        self.column = column
        where = f"line {line}, column {column}" if line is not None else f"offset {position}"
        super().__init__(f"refused: {reason} (at {where})")


def refusal(text: str, reason: str, position: int) -> UnsafeQuery:
    """An `UnsafeQuery` with the line and column of `position` in `text`."""
    position = max(0, min(position, len(text)))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return UnsafeQuery(reason, position, line, column)


def describe_char(ch: str) -> str:
    """`U+200B (ZERO WIDTH SPACE)`: a character named so a reader can see it."""
    return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'unnamed')})"


# openCypher's whitespace: ASCII spaces and line ends, the separators and the Unicode spaces.
_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Characters that end a line for some lexer (Python's splitlines, Unicode, ...), not for Cypher's `//`.
_AMBIGUOUS_LINE_ENDS = frozenset("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_ESCAPED_STRING = r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\""""
_LITERAL_STRING = r"""'[^']*'|"[^"]*\""""
# Whitespace is the prefix of every match, so it costs no turn of the Python loop. Frequent tokens first.
_TOKEN = r"""[{space}]*(?:
 (?P<word>[^\W\d]\w*)
|(?P<punct>\.\.|::|<=|>=|<>|!=|=~|\+=|\|\||\$(?=\()|/(?![/*])|\.(?![0-9])|[()\[\]{{}},;:=<>+\-*%^|!&])
|(?P<number>(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|[0-9][0-9_]*(?:\.[0-9][0-9_]*)?(?:[eE][+-]?[0-9]+)?
   |\.[0-9][0-9_]*(?:[eE][+-]?[0-9]+)?)(?!\w))
|(?P<bad_number>[0-9.]\w*)
|(?P<string>{string})
|(?P<param>\$(?:[^\W\d]\w*|[0-9]+|`(?:[^`]|``)*`))
|(?P<name>`(?:[^`]|``)*`)
|(?P<line>//[^\n\r]*)
|(?P<block>/\*.*?\*/)
|(?P<open_block>/\*)
|(?P<open_string>['"])
|(?P<open_name>`)
|(?P<end>\Z)
|(?P<bad>.)
)"""
_ESCAPED = re.compile(_TOKEN.format(space=_SPACE, string=_ESCAPED_STRING), re.VERBOSE | re.DOTALL)
_LITERAL = re.compile(_TOKEN.format(space=_SPACE, string=_LITERAL_STRING), re.VERBOSE | re.DOTALL)
_G = _ESCAPED.groupindex
_WORD, _PUNCT, _NUMBER, _STRING, _PARAM, _NAME = (_G[g] for g in ("word", "punct", "number", "string", "param", "name"))
_LINE, _BLOCK, _END = _G["line"], _G["block"], _G["end"]
_GROUP_NAMES = {index: name for name, index in _G.items()}
_WORDISH = frozenset("wnp")
_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = frozenset(")]}")


@dataclass(slots=True)
class Lexed:
    """The tokens of one text as parallel lists, ending in four `e` (end) tokens for lookahead."""

    kinds: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    partner: dict[int, int] = field(default_factory=dict)  # index of each `(` -> index of its `)`
    bar_owner: dict[int, int] = field(default_factory=dict)  # index of each `|` -> its innermost opener
    comments: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of each comment
    backslash_in_string: bool = False


@functools.lru_cache(maxsize=4096)
def _unsafe_letter(ch: str) -> bool:
    return not ch.isascii() and not unicodedata.name(ch, "").startswith(SAFE_NON_ASCII_LETTERS)


def _hidden(ch: str) -> str | None:
    """Why an invisible or control character may not stand outside a string literal, if it may not."""
    category = unicodedata.category(ch)
    if category == "Cf":
        return f"invisible formatting character {describe_char(ch)} outside a string literal"
    if category in ("Cc", "Cs", "Co", "Cn") and ch not in "\t\n\r":
        return f"control or unassigned character {describe_char(ch)} outside a string literal"
    return None


def _check_visible(text: str, start: int, end: int, what: str) -> None:
    """Refuse hidden characters (and, in a // comment, ambiguous line ends) in text[start:end]."""
    chunk = text[start:end]
    if chunk.isascii() and chunk.isprintable():
        return
    for offset, ch in enumerate(chunk):
        if ch in _AMBIGUOUS_LINE_ENDS and what == "// comment":
            raise refusal(text, f"{describe_char(ch)} in a // comment: some lexers end the line there", start + offset)
        problem = _hidden(ch)
        if problem is not None:
            raise refusal(text, f"{problem}, in a {what}", start + offset)


def lex(text: str, *, backslash_escapes: bool = True, strict: bool = True) -> Lexed:
    """The tokens of `text`; raises `UnsafeQuery` for text no Cypher lexer should accept.

    `strict=False` reads only the structure (for the literal-backslash reading, which must show what a
    lenient backend would see): no caps and no refusals of look-alikes, hidden characters or `;`."""
    out = Lexed()
    kinds, keys, values, starts = out.kinds, out.keys, out.values, out.starts
    add_kind, add_key, add_value, add_start = kinds.append, keys.append, values.append, starts.append
    stack: list[int] = []
    glued_comment = -1  # start of a /* comment touching the word before it
    semicolon = False
    count = 0
    pattern = _ESCAPED if backslash_escapes else _LITERAL
    position = 1 if text.startswith("\ufeff") else 0  # a byte-order mark left by an editor
    for match in pattern.finditer(text, position):
        group = match.lastindex
        if group is None:  # every alternative of the pattern is a group: a match without one is a bug
            raise _bad(text, "token", match.start())
        start = match.start(group)
        if group == _END:
            break
        if group == _LINE or group == _BLOCK:
            count += 1
            if count > MAX_TOKENS:
                raise refusal(text, f"the query has more than {MAX_TOKENS:,} tokens and comments", start)
            end = match.end()
            if group == _BLOCK and strict:
                body = text[start + 2 : end - 2]
                if "/*" in body:
                    raise refusal(text, "a /* inside a /* comment */ (comments do not nest)", start + 2 + body.index("/*"))
                if start == match.start() and kinds and kinds[-1] in _WORDISH:
                    glued_comment = start
            if strict:
                _check_visible(text, start, end, "// comment" if group == _LINE else "block comment")
            out.comments.append((start, end))
            continue
        if glued_comment >= 0:
            if group in (_WORD, _NUMBER, _PARAM) and start == match.start() and strict:
                raise refusal(text, "a /* comment */ inside a word; separate words with spaces", glued_comment)
            glued_comment = -1
        if semicolon and strict:
            raise refusal(text, "more than one statement: nothing may follow ';'", start)
        count += 1
        if count > MAX_TOKENS and strict:
            raise refusal(text, f"the query has more than {MAX_TOKENS:,} tokens and comments", start)
        value = match.group(group)
        if group == _WORD:
            if strict and not value.isascii():
                _check_letters(text, value, start)
            add_kind("w")
            add_key(value.upper())
        elif group == _PUNCT:
            if value in _OPENERS:
                stack.append(len(kinds))
                if len(stack) > MAX_NESTING and strict:
                    raise refusal(text, f"brackets nested more than {MAX_NESTING} deep", start)
            elif value in _CLOSERS:
                if not stack or _OPENERS[keys[stack[-1]]] != value:
                    raise refusal(text, f"unbalanced {value!r}", start)
                opener = stack.pop()
                if keys[opener] == "(":
                    out.partner[opener] = len(kinds)
            elif value == "|":
                out.bar_owner[len(kinds)] = stack[-1] if stack else -1
            elif value == ";":
                semicolon = True
            add_kind("x")
            add_key(value)
        elif group == _NUMBER:
            add_kind("n")
            add_key("")
        elif group == _STRING:
            add_kind("s")
            add_key("")
            if "\\" in value:
                out.backslash_in_string = True
        elif group == _PARAM:
            if value[1] == "`":
                if strict:
                    _check_visible(text, start, match.end(), "parameter name")
                value = value[2:-1].replace("``", "`")
            else:
                value = value[1:]
                if strict and not value.isascii():
                    _check_letters(text, value, start + 1)
            add_kind("p")
            add_key("")
        elif group == _NAME:
            if strict:
                _check_visible(text, start, match.end(), "backtick-quoted name")
            if "\\" in value and strict:
                raise refusal(text, "a backslash in a backtick-quoted name (parsers read it differently)", start)
            add_kind("q")
            add_key("")
            value = value[1:-1].replace("``", "`")
        else:
            raise _bad(text, _GROUP_NAMES[group], start)
        add_value(value)
        add_start(start)
    if stack:
        raise refusal(text, f"unclosed {keys[stack[-1]]!r}", starts[stack[-1]])
    for _ in range(4):
        add_kind("e")
        add_key("")
        add_value("")
        add_start(len(text))
    return out


def _check_letters(text: str, value: str, start: int) -> None:
    for offset, ch in enumerate(value):
        if _unsafe_letter(ch):
            raise refusal(
                text,
                f"letter {describe_char(ch)} in an unquoted name could pass for a Latin letter;"
                " write keywords in ASCII and quote such names in backticks",
                start + offset,
            )


def _bad(text: str, group: str, start: int) -> UnsafeQuery:
    if group == "bad_number":
        return refusal(text, f"malformed number {text[start:start + 12]!r}", start)
    if group == "open_block":
        return refusal(text, "unterminated /* comment", start)
    if group == "open_string":
        return refusal(text, "unterminated string literal", start)
    if group == "open_name":
        return refusal(text, "unterminated backtick-quoted name", start)
    ch = text[start]
    if ch == "$":
        return refusal(text, "'$' must be followed by a parameter name", start)
    if ch == "\r" or ch in _AMBIGUOUS_LINE_ENDS:
        return refusal(text, f"line break {describe_char(ch)} outside a string literal; use \\n", start)
    return refusal(text, _hidden(ch) or f"unexpected character {describe_char(ch)}", start)
