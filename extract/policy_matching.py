"""Policy text matched to what the graph holds: organisation mentions to the names patent data uses,
measures to chains and segments (the rules are in graph/ingest/policies.py's module docstring).

Extraction work, kept out of the loader: pure functions of the text, the chains and the data files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from extract.chains import Chain
from extract.normalize import has_cjk as has_han
from extract.normalize import load_data, org_key
from extract.policy.model import OrgMention
from extract.policy.resources import load as load_policy_data
from extract.policy.script import normalise
from extract.resolve import canonical_org_key

# TARGETS_SEGMENT confidences (see module docstring)
INDUSTRY_CONFIDENCE = 0.4
KEYWORD_IN_NAMED_INDUSTRY_CONFIDENCE = 0.8
KEYWORD_ONLY_CONFIDENCE = 0.5
KEYWORD_ONLY_MIN_DISTINCT = 2

# chain id -> the measure industry labels (extract/policy/data/taxonomy.yaml) that name it; a chain not
# listed is named by its id with '-' -> '_' (integrated-circuits -> integrated_circuits)
CHAIN_INDUSTRIES: dict[str, tuple[str, ...]] = {
    "large-ai-models": ("large_models",),
    "humanoid-robots": ("humanoid_robots",),
}


def resolution_name(mention: OrgMention) -> str:
    """The name to resolve: for an alias of the policy list, a form that meets patent data's names."""
    alias = load_policy_data("orgs")["aliases"].get(mention.key)
    if alias:
        forms = [*alias.get("forms", []), alias["name"]]
        for form in forms:
            if _is_known(form):
                return form
        return next((f for f in forms if has_han(f)), alias["name"])
    name = mention.name
    # "China National Intellectual Property Administration (CNIPA)": the name without its abbreviation
    bare = re.sub(r"\s*[(（][^()（）]{1,12}[)）]\s*$", "", name)
    if bare != name and _is_known(bare):
        return bare
    # a Traditional-script name resolves as its Simplified form (the normalised text of the mention)
    return normalise(name) if has_han(name) else name


@lru_cache(maxsize=4096)
def _is_known(name: str) -> bool:
    """True when the name is a known organisation (known_orgs.yaml) or one of its aliases."""
    return bool(org_key(name)) and canonical_org_key(name) in _known_keys()


@lru_cache(maxsize=1)
def _known_keys() -> frozenset[str]:
    return frozenset(org_key(e["name"]) for e in load_data("known_orgs.yaml"))


@dataclass(frozen=True)
class ChainRule:
    chain_id: str
    industries: tuple[str, ...]
    segments: tuple[tuple[str, tuple[tuple[re.Pattern[str], str, bool], ...]], ...]  # key, (pattern, word, cased)


def _industry_triggers() -> set[str]:
    words: set[str] = set()
    for entry in load_policy_data("taxonomy")["industries"].values():
        words |= {w.lower() for w in entry.get("zh", []) + entry.get("en", [])}
    return words


def _keyword_pattern(word: str) -> tuple[re.Pattern[str], str, bool]:
    """(pattern, keyword, matched against the cased text): Chinese as substrings, English as whole words."""
    if has_han(word):
        return re.compile(re.escape(normalise(word).lower())), word, False
    # acronyms (SoC, EDA, GPU) only in their own case; other English words case-insensitively
    acronym = sum(ch.isupper() for ch in word) >= 2
    body = rf"(?<![A-Za-z0-9]){re.escape(word if acronym else word.lower())}(?:s|es)?(?![A-Za-z0-9])"
    return re.compile(body), word, acronym


def segment_rules(chains: Mapping[str, Chain]) -> list[ChainRule]:
    triggers = _industry_triggers()
    rules = []
    for chain in chains.values():
        segments = []
        for segment in chain.segments:
            words = [w for w in (*segment.keywords_zh, *segment.keywords_en) if w and w.lower() not in triggers]
            segments.append((segment.key, tuple(_keyword_pattern(w) for w in words)))
        industries = CHAIN_INDUSTRIES.get(chain.id, (chain.id.replace("-", "_"),))
        rules.append(ChainRule(chain.id, industries, tuple(segments)))
    return rules


def chain_matches(industries: Iterable[str], rules: list[ChainRule]) -> dict[str, dict[str, Any]]:
    """chain id -> TARGETS_CHAIN properties for a measure naming these industries (module doc)."""
    named = set(industries)
    out = {}
    for rule in rules:
        industry = next((i for i in rule.industries if i in named), None)
        if industry is not None:
            out[rule.chain_id] = {"industry": industry, "rule": "industry", "confidence": INDUSTRY_CONFIDENCE}
    return out


def segment_matches(text: str, industries: Iterable[str], rules: list[ChainRule]) -> dict[tuple[str, str], dict[str, Any]]:
    """(chain id, segment key) -> TARGETS_SEGMENT properties for one measure text (rules in the module doc)."""
    simplified = normalise(text)
    lowered = simplified.lower()
    named = set(industries)
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for rule in rules:
        hits: dict[str, list[str]] = {}
        for key, patterns in rule.segments:
            found = [w for p, w, cased in patterns if p.search(simplified if cased else lowered)]
            if found:
                hits[key] = found
        industry = next((i for i in rule.industries if i in named), None)
        if industry is not None:
            for key, found in hits.items():
                out[(rule.chain_id, key)] = {"industry": industry, "chain_id": rule.chain_id, "rule": "keyword",
                                             "keywords": found, "confidence": KEYWORD_IN_NAMED_INDUSTRY_CONFIDENCE}
        elif len({w for ws in hits.values() for w in ws}) >= KEYWORD_ONLY_MIN_DISTINCT:
            for key, found in hits.items():
                out[(rule.chain_id, key)] = {"industry": rule.industries[0], "chain_id": rule.chain_id,
                                             "rule": "keyword", "keywords": found,
                                             "confidence": KEYWORD_ONLY_CONFIDENCE}
    return out
