"""Text normalisation and resolution keys for organisation and person names.

`org_key` is the key organisations are resolved on: width/script/case folded, punctuation removed,
legal forms folded into one family token (`#co_ltd`, `#corp`, `#llc` ...). The rule for 股份有限公司
vs 有限公司 (folded) and its reasons are in `extract/data/legal_forms.yaml`.
`person_key` makes 张伟, "Wei Zhang", "ZHANG, Wei" and "Zhang Wei" comparable.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"
LEGAL_MARK = "#"

_WHITESPACE = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_PUNCT = re.compile(r"[^\w\s\u3400-\u4dbf\u4e00-\u9fff]|_")
_TRAILING_PAREN = re.compile(r"^(.*\S)\s*\(([^()]*)\)\s*$")
_APOSTROPHES = re.compile(r"['\u2018\u2019`]")
_HYPHEN_JOIN = re.compile(r"(?<=\w)[-\u2010-\u2015](?=\w)")


@cache
def load_data(name: str) -> Any:
    """A YAML file under extract/data, parsed once."""
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def normalize_text(text: str | None) -> str:
    """NFKC (full width to half width, compatibility forms), whitespace collapsed and trimmed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    return _WHITESPACE.sub(" ", text).strip()


@cache
def _t2s_converter() -> Any:
    # opencc's dictionaries take a moment to load; most runs never meet Traditional text
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional Chinese characters converted to Simplified (other text unchanged)."""
    if not text or not _CJK.search(text):
        return text
    if len(text) <= 64:  # names recur across millions of records; long texts do not
        return _short_to_simplified(text)
    return _t2s_converter().convert(text)


@lru_cache(maxsize=200_000)
def _short_to_simplified(text: str) -> str:
    return _t2s_converter().convert(text)


def has_cjk(text: str) -> bool:
    """True when the text contains a CJK ideograph."""
    return bool(_CJK.search(text or ""))


def cjk_share(text: str) -> float:
    """Share of CJK ideographs among the letters of `text` (0.0 when it has none)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if _CJK.match(c)) / len(letters)


# --- organisation keys -------------------------------------------------------------------------


@cache
def _legal_rules() -> tuple[list[tuple[tuple[str, ...], str]], list[tuple[str, str]], tuple[str, ...]]:
    """Latin legal-form token sequences (longest first), Chinese suffixes (longest first), kept endings."""
    data = load_data("legal_forms.yaml")
    latin = [(tuple(seq), family) for family, seqs in data["latin"].items() for seq in seqs]
    latin.sort(key=lambda item: -len(item[0]))
    zh = [(suffix, family) for family, suffixes in data["zh"].items() for suffix in suffixes]
    zh.sort(key=lambda item: -len(item[0]))
    return latin, zh, tuple(data.get("zh_keep") or ())


@cache
def _abbreviations() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(p), r) for p, r in load_data("legal_forms.yaml")["abbreviations"].items()]


@cache
def _token_folds() -> dict[str, str]:
    return dict(load_data("legal_forms.yaml")["token_folds"])


@cache
def _region_compounds() -> list[tuple[re.Pattern[str], str]]:
    """Patterns that join split romanised place names ("su zhou" -> "suzhou")."""
    data = load_data("regions_cn.yaml")
    places = data["provinces"] + data["cities"] + data["other_cities"]
    places += [d for c in data["cities"] for d in c.get("districts") or []]
    out = []
    for place in places:
        syllables = (place.get("pinyin") or "").split()
        if len(syllables) > 1:
            pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, syllables)) + r"\b")
            out.append((pattern, "".join(syllables)))
    return out


def _singular(token: str) -> str:
    # plural folding so "Sciences"/"Science" and "Microelectronics"/"Microelectronic" meet
    folds = _token_folds()
    if token in folds:
        return folds[token]
    if len(token) >= 5 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        token = token[:-1]
    return folds.get(token, token)


def _join_initials(tokens: list[str]) -> list[str]:
    # "a o smith" -> "ao smith", "n p s" -> "nps": dotted initials are one token
    out: list[str] = []
    run: list[str] = []
    for tok in tokens + [""]:
        if len(tok) == 1 and tok.isascii() and tok.isalpha():
            run.append(tok)
            continue
        if run:
            out.append("".join(run) if len(run) > 1 else run[0])
            run = []
        if tok:
            out.append(tok)
    return out


def _strip_latin_legal(tokens: list[str]) -> tuple[list[str], str | None]:
    """Remove legal-form sequences from the end of `tokens`; the outermost one names the family."""
    rules, _, _ = _legal_rules()
    family: str | None = None
    changed = True
    while changed and tokens:
        changed = False
        for seq, fam in rules:
            n = len(seq)
            if len(tokens) > n and tuple(tokens[-n:]) == seq:
                tokens = tokens[:-n]
                family = family or fam
                changed = True
                break
    return tokens, family


def _strip_zh_legal(text: str) -> tuple[str, str | None]:
    _, rules, keep = _legal_rules()
    if text.endswith(keep):
        return text, None
    for suffix, family in rules:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)], family
    return text, None


def _latin_tokens(text: str) -> list[str]:
    for pattern, replacement in _abbreviations():
        text = pattern.sub(replacement, text)
    text = text.replace("&", " and ").replace("+", " and ")
    text = _APOSTROPHES.sub("", text)
    text = _HYPHEN_JOIN.sub("", text)
    text = _LATIN_PUNCT.sub(" ", text)
    text = _WHITESPACE.sub(" ", text).strip()
    for pattern, joined in _region_compounds():
        text = pattern.sub(joined, text)
    return _join_initials(text.split())


def _core_and_family(text: str) -> tuple[str, str | None]:
    """Split a casefolded, simplified name into its core and legal-form family."""
    if has_cjk(text) and cjk_share(text) >= 0.5:
        compact = _LATIN_PUNCT.sub("", text).replace(" ", "")
        # "某某有限公司(苏州)": the bracketed place belongs to the core, before the legal form
        if m := _TRAILING_PAREN.match(text):
            head, paren = _strip_zh_legal(_LATIN_PUNCT.sub("", m.group(1)).replace(" ", ""))
            if paren:
                return head + _LATIN_PUNCT.sub("", m.group(2)).replace(" ", ""), paren
        return _strip_zh_legal(compact)
    trailing: list[str] = []
    if m := _TRAILING_PAREN.match(text):
        head_tokens, family = _strip_latin_legal(_latin_tokens(m.group(1)))
        if family:
            trailing = _latin_tokens(m.group(2))
            tokens = head_tokens
        else:
            tokens, family = _strip_latin_legal(_latin_tokens(text))
    else:
        tokens, family = _strip_latin_legal(_latin_tokens(text))
    tokens = tokens + trailing
    drop = set(load_data("legal_forms.yaml")["drop_leading"])
    while len(tokens) > 1 and tokens[0] in drop:
        tokens = tokens[1:]
    return " ".join(_singular(t) for t in tokens), family


def org_key(name: str | None) -> str:
    """Resolution key of an organisation name: `core` or `core #family` (empty for an empty name)."""
    text = to_simplified(normalize_text(name)).casefold()
    if not text:
        return ""
    core, family = _core_and_family(text)
    if not core:
        return ""
    return f"{core} {LEGAL_MARK}{family}" if family else core


def split_org_key(key: str) -> tuple[str, str | None]:
    """(core, legal family or None) of an `org_key`."""
    core, sep, family = key.rpartition(" " + LEGAL_MARK)
    if not sep:
        return key, None
    return core, family


# --- person keys -------------------------------------------------------------------------------


@cache
def _surnames() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """(compound surnames, single-character surnames, their romanisations)."""
    data = load_data("cn_surnames.yaml")
    compound, single = dict(data["compound"]), dict(data["single"])
    romanised = frozenset(list(compound.values()) + list(single.values()))
    return compound, single, romanised


def is_cn_surname_romanised(token: str) -> bool:
    """True for a pinyin romanisation of a common Chinese surname ("zhang", "ouyang")."""
    return token.casefold() in _surnames()[2]


def split_cn_name(name: str) -> tuple[str, str] | None:
    """(surname, given name) of a name in Han characters, or None when it does not look like one."""
    name = name.replace(" ", "").replace("·", "")
    if not (2 <= len(name) <= 4) or not all(_CJK.match(c) for c in name):
        return None
    compound, single, _ = _surnames()
    if name[:2] in compound and len(name) >= 3:
        return name[:2], name[2:]
    if name[0] in single:
        return name[0], name[1:]
    return None


@lru_cache(maxsize=200_000)
def cn_name_to_pinyin(name: str) -> tuple[str, str] | None:
    """(surname, given name) in toneless pinyin for a Han-character name: 张伟 -> ("zhang", "wei")."""
    parts = split_cn_name(name)
    if parts is None:
        return None
    surname, given = parts
    from pypinyin import lazy_pinyin  # imported lazily: its dictionaries are large

    compound, single = _surnames()[0], _surnames()[1]
    family = compound.get(surname) or single.get(surname) or "".join(lazy_pinyin(surname))
    return family, "".join(lazy_pinyin(given)).replace("ü", "v")


def _romanised_parts(name: str, family: str | None, given: str | None) -> tuple[str, str] | None:
    """(family, given) of a romanised name; given-name syllables joined ("Hai Jun" -> "haijun")."""

    def clean(s: str) -> str:
        s = _APOSTROPHES.sub("", s)
        return _WHITESPACE.sub(" ", _LATIN_PUNCT.sub(" ", s.replace("-", " "))).strip().casefold()

    if family is not None or given is not None:
        return clean(family or "").replace(" ", ""), clean(given or "").replace(" ", "")
    if "," in name:
        last, _, first = name.partition(",")
        return clean(last).replace(" ", ""), clean(first).replace(" ", "")
    tokens = clean(name).split()
    if not tokens:
        return None
    if len(tokens) == 1:
        return tokens[0], ""
    # Without a comma the order is unknown; 2 tokens are made order-free by the key, and with 3+ the
    # surname is taken from the end (Western order, as in patent data) unless only the first is one.
    if len(tokens) >= 3 and is_cn_surname_romanised(tokens[0]) and not is_cn_surname_romanised(tokens[-1]):
        return tokens[0], "".join(tokens[1:])
    return tokens[-1], "".join(tokens[:-1])


def person_key(name: str | None, family: str | None = None, given: str | None = None) -> str:
    """Comparable key of a person's name: the two name parts in pinyin/latin, sorted, space-joined.

    张伟, "Wei Zhang", "ZHANG, Wei" and "Zhang Wei" all give "wei zhang"; "Hai-Jun Wang" and 王海军
    give "haijun wang". Sorting makes the key independent of name order, which romanised records
    do not state reliably; the price (a Zhang Wei and a Wei Zhang meeting) is paid by the
    evidence test in extract.inventors, not here.
    """
    text = to_simplified(normalize_text(" ".join(p for p in (name, family, given) if p) if family or given
                                         else name))
    if not text:
        return ""
    parts: tuple[str, str] | None = None
    if has_cjk(text):
        if family and given and has_cjk(family):
            parts = cn_name_to_pinyin(normalize_text(family) + normalize_text(given))
        else:
            parts = cn_name_to_pinyin(text)
        if parts is None:
            return text.replace(" ", "").casefold()
    else:
        parts = _romanised_parts(normalize_text(name or ""), family, given)
        if parts is None:
            return ""
    return " ".join(sorted(p for p in parts if p))
