"""Pattern data for the pipelines' SpanRulers, read from the YAML vocabularies of extract/policy/data.

A vocabulary entry that is a string is a phrase pattern (matched on the lower-case form of the tokens,
Chinese in Simplified); a list is a spaCy token pattern. Registered functions (named in the configs'
`[initialize]` sections) turn the files into `{"label", "pattern", "id"}` dicts:

* `innograph.cue_patterns.v1`: cues.yaml and targets.yaml -> doc.spans["cues"] (POLICY_VERB with the
  base form as id, PAST, FUTURE, PREAMBLE, CLAUSE_PREFIX, SUBORDINATE, COURTESY, COMPARATOR / POSTFIX
  with the comparator, UNIT with its canonical unit, SCALE, FILLER, CURRENCY);
* `innograph.taxonomy_patterns.v1`: taxonomy.yaml -> doc.spans["taxonomy"] (label = group, id = key);
* `innograph.org_patterns.v1`: the known bodies of orgs.yaml -> entities (label ORG, id = resolution key);
* `innograph.zh_lexicon.v1`: the tokenizer's forced phrases (multi-character Chinese cue phrases except
  policy verbs, see extract/nlp/tokenizers.py);
* `innograph.concept_vocabulary.v1`: concept id -> phrases for `innograph_concepts`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from spacy.util import registry

from extract.normalize import load_data
from extract.policy.resources import load

CUE_GROUPS = ("policy_verbs", "past", "future", "preamble", "clause_prefix", "subordinate", "courtesy", "frame")
_LABELS = {"policy_verbs": "POLICY_VERB", "clause_prefix": "CLAUSE_PREFIX"}
_HAN = re.compile(r"[\u3400-\u9fff]")


def _inflect(base: str) -> list[str]:
    """Third person, gerund and past of an English verb phrase (the first word inflects)."""
    head, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    if head.endswith("e"):
        forms = [head + "s", head[:-1] + "ing", head + "d"]
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        forms = [head[:-1] + "ies", head + "ing", head[:-1] + "ied"]
    elif head.endswith(("s", "sh", "ch", "x", "z")):
        forms = [head + "es", head + "ing", head + "ed"]
    else:
        forms = [head + "s", head + "ing", head + "ed"]
    return [f + tail for f in forms]


def english_verb_forms() -> dict[str, str]:
    """Inflected form (lower case) -> base form, for every English policy verb."""
    data = load("cues")
    forms: dict[str, str] = {}
    for base in data["policy_verbs"]["en"]:
        for form in [base, *_inflect(base), *data.get("verb_forms", {}).get(base, [])]:
            forms.setdefault(form, base)
    return forms


YEARS = range(1990, 2061)  # a {SHAPE: dddd} slot of a token pattern: the years plans name


def _entry(label: str, entry: Any, entry_id: str | None = None) -> list[dict[str, Any]]:
    """Patterns of one vocabulary entry: token patterns of fixed words and year slots become phrases
    (the PhraseMatcher costs a small fraction of the Matcher's token-by-token predicates)."""
    phrases = _as_phrases(entry) if isinstance(entry, list) else [str(entry).lower()]
    patterns = [entry] if phrases is None else phrases
    return [{"label": label, "pattern": p, **({"id": entry_id} if entry_id is not None else {})} for p in patterns]


def _as_phrases(tokens: list[dict[str, Any]]) -> list[str] | None:
    choices: list[list[str]] = []
    for token in tokens:
        if set(token) == {"SHAPE"} and token["SHAPE"] == "dddd":
            choices.append([str(y) for y in YEARS])
        elif len(token) == 1 and next(iter(token)) in {"ORTH", "LOWER", "TEXT"}:
            value = next(iter(token.values()))
            words = value["IN"] if isinstance(value, dict) and set(value) == {"IN"} else [value]
            if not all(isinstance(w, str) for w in words):
                return None
            choices.append([w.lower() for w in words])
        else:
            return None
    out = [""]
    for options in choices:
        out = [f"{head}{_joiner(head, word)}{word}" for head in out for word in options]
    return out


def _joiner(head: str, word: str) -> str:
    # Chinese words and numbers run together; English words are separated by a space
    if not head or _HAN.search(head[-1]) or _HAN.search(word[:1]):
        return ""
    return " "


def _languages(lang: str) -> tuple[str, ...]:
    # Chinese documents quote English terms (and the reverse): English phrases are matched in both
    return ("zh", "en") if lang == "zh" else ("en",)


def cue_patterns(lang: str) -> list[dict[str, Any]]:
    """SpanRuler patterns of cues.yaml and targets.yaml for a pipeline language ('zh' or 'en')."""
    cues, targets = load("cues"), load("targets")
    out: list[dict[str, Any]] = []
    for group in CUE_GROUPS:
        label = _LABELS.get(group, group.upper())
        for language in _languages(lang):
            words = cues[group].get(language, [])
            if group == "policy_verbs" and language == "en":
                out.extend(p for form, base in english_verb_forms().items() for p in _entry(label, form, base))
            else:
                out.extend(p for w in words for p in _entry(label, w, w if group == "policy_verbs" else None))
    for name, words in targets["comparators"].items():
        for language in _languages(lang):
            out.extend(p for w in words.get(language, []) for p in _entry("COMPARATOR", w, name))
    for name, words in targets["postfix"].items():
        out.extend(p for w in words for p in _entry("POSTFIX", w, name))
    for w in targets["filler"].get("en", []):
        out.extend(_entry("FILLER", w))
    for w in targets["currency"].get("en", []):
        out.extend(_entry("CURRENCY", w))
    for unit in targets["units"]:
        for form in unit["forms"]:
            out.extend(_entry("UNIT", form, unit["unit"]))
    for word in targets["scales"]:
        out.extend(_entry("SCALE", word, word))
    return out


def taxonomy_patterns(lang: str) -> list[dict[str, Any]]:
    """SpanRuler patterns of taxonomy.yaml: label = group (areas, instruments, actors, industries), id = key."""
    out: list[dict[str, Any]] = []
    for group, entries in load("taxonomy").items():
        for key, words in entries.items():
            for language in _languages(lang):
                for word in words.get(language, []):
                    variants = [word] if language == "zh" or isinstance(word, list) else _plurals(word)
                    out.extend(p for v in variants for p in _entry(group, v, key))
    return out


def _plurals(word: str) -> list[str]:
    word = word.lower()
    if word.endswith("s") or not word[-1:].isalpha():
        return [word]
    return [word, word + ("es" if word.endswith(("x", "ch", "sh")) else "s")]


def org_patterns(lang: str) -> list[dict[str, Any]]:
    """EntityRuler patterns of the known bodies (orgs.yaml aliases), label ORG, id = resolution key."""
    out = []
    for key, entry in load("orgs")["aliases"].items():
        for form in entry["forms"]:
            if lang == "en" and _HAN.search(form):
                continue
            out.append({"label": "ORG", "pattern": form.lower(), "id": key})
    return out


def zh_lexicon() -> list[str]:
    """Multi-character Chinese phrases whose occurrences start and end on token boundaries."""
    cues, targets = load("cues"), load("targets")
    words: set[str] = set()
    for group in CUE_GROUPS:
        if group != "policy_verbs":
            words.update(_phrases(cues[group].get("zh", [])))
    for entries in (targets["comparators"], targets["postfix"]):
        for value in entries.values():
            words.update(_phrases(value.get("zh", []) if isinstance(value, dict) else value))
    for entry in cues["preamble"]["zh"]:  # the words of token patterns too (本方案 ...)
        if isinstance(entry, list):
            words.update(_phrases(w for token in entry for v in token.values() for w in _values(v)))
    # taxonomy triggers name an instrument or industry inside longer words too (保险 in 保险业务)
    for entries in load("taxonomy").values():
        for entry in entries.values():
            words.update(_phrases(entry.get("zh", [])))
    words -= set(cues["policy_verbs"]["zh"])  # verbs stay jieba's words: 宣传周 is no 宣传
    return sorted(w for w in words if len(w) >= 2 and _HAN.search(w))


def zh_units() -> list[str]:
    """Chinese units and scale words, tokens of their own right after a number (500|亿元, 5|万家)."""
    targets = load("targets")
    words = {f for unit in targets["units"] for f in unit["forms"]} | set(targets["scales"])
    return sorted(w for w in words if _HAN.search(w))


def _phrases(entries: Iterable[Any]) -> Iterator[str]:
    return (e for e in entries if isinstance(e, str))


def _values(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [w for v in value.values() for w in (v if isinstance(v, list) else [v]) if isinstance(w, str)]
    return [value] if isinstance(value, str) else []


@lru_cache(maxsize=1)
def concept_vocabulary() -> dict[str, list[str]]:
    """The technology concepts: extract/data/concepts.yaml, and every industrial-chain keyword (its id the
    keyword as written): id -> phrases in Chinese and English."""
    from extract.chains import load_chains

    out = {k: list(v["phrases"] if isinstance(v, dict) else v) for k, v in load_data("concepts.yaml").items()}
    for chain in load_chains().values():
        for segment in chain.segments:
            for word in (*segment.keywords_zh, *segment.keywords_en):
                out.setdefault(word, [word])
    return out


@lru_cache(maxsize=1)
def concept_chains() -> dict[str, tuple[str, ...]]:
    """Concept id -> the chains it names as a whole (concepts.yaml `chains`)."""
    return {k: tuple(v.get("chains", ())) for k, v in load_data("concepts.yaml").items() if isinstance(v, dict)}


@registry.misc("innograph.cue_patterns.v1")
def _cue_patterns(lang: str) -> list[dict[str, Any]]:
    return cue_patterns(lang)


@registry.misc("innograph.taxonomy_patterns.v1")
def _taxonomy_patterns(lang: str) -> list[dict[str, Any]]:
    return taxonomy_patterns(lang)


@registry.misc("innograph.org_patterns.v1")
def _org_patterns(lang: str) -> list[dict[str, Any]]:
    return org_patterns(lang)


@registry.misc("innograph.zh_lexicon.v1")
def _zh_lexicon() -> list[str]:
    return zh_lexicon()


@registry.misc("innograph.zh_units.v1")
def _zh_units() -> list[str]:
    return zh_units()


@registry.misc("innograph.concept_vocabulary.v1")
def _concept_vocabulary() -> dict[str, list[str]]:
    return concept_vocabulary()
