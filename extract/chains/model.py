"""Industrial chains as data: one versioned YAML file per chain, loaded and validated into dataclasses.

A chain file names its segments (8-20), their position (upstream / midstream / downstream), which
segments each one FEEDS, the IPC prefixes and keywords that place a patent in it, and where the mapping
comes from. Errors name the file and the field so a broken chain file is fixed where it is written.

IPC prefixes are kept in compact form and come in three shapes:
  * `H01L` (or a class `H01`, a section `H`): every symbol under it;
  * `B25J9/`: every symbol of main group B25J9 (`B25J9/00` in a file means the same);
  * `G06N3/08`: that symbol and the subgroups that extend its digits (`G06N3/084`), an approximation of
    the IPC dot hierarchy that the symbols alone do not carry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from extract.ipc import normalize_ipc

DATA_DIR = Path(__file__).parent / "data"
POSITIONS = ("upstream", "midstream", "downstream")
MIN_SEGMENTS = 8
MAX_SEGMENTS = 20
_REQUIRED_CHAIN_FIELDS = ("id", "version", "name_zh", "name_en", "source", "segments")
_REQUIRED_SEGMENT_FIELDS = ("key", "name_zh", "name_en", "position", "ipc", "keywords_zh", "keywords_en")


class ChainError(ValueError):
    """A chain file that cannot be used, with the file and field at fault."""


@dataclass(frozen=True, slots=True)
class Segment:
    """One segment of an industrial chain and the rules that place patents in it."""

    chain_id: str
    key: str
    name_zh: str
    name_en: str
    position: str
    feeds: tuple[str, ...]
    ipc: tuple[str, ...]
    ipc_recent: tuple[str, ...]
    ipc_examples: tuple[str, ...]
    keywords_zh: tuple[str, ...]
    keywords_en: tuple[str, ...]
    sei: tuple[str, ...]
    source: str

    @property
    def all_ipc(self) -> tuple[str, ...]:
        """Every prefix used for classification: IPC 2019.01 ones and later additions."""
        return self.ipc + self.ipc_recent


@dataclass(frozen=True, slots=True)
class Chain:
    """An industrial chain: versioned, with its segments in file order."""

    id: str
    version: str
    name_zh: str
    name_en: str
    sei: tuple[str, ...]
    source: str
    segments: tuple[Segment, ...]
    path: str

    def segment(self, key: str) -> Segment:
        """The segment with this key (KeyError when absent)."""
        for segment in self.segments:
            if segment.key == key:
                return segment
        raise KeyError(f"chain {self.id!r} has no segment {key!r}")

    def feeds_edges(self) -> list[tuple[str, str]]:
        """(upstream key, downstream key) for every FEEDS edge, in file order."""
        return [(s.key, target) for s in self.segments for target in s.feeds]


def default_chain_paths() -> list[Path]:
    """The chain files shipped with the package, sorted by name."""
    return sorted(DATA_DIR.glob("*.yaml"))


def load_chains(paths: Iterable[str | Path] | None = None) -> dict[str, Chain]:
    """Load and validate chain files (default: the shipped ones) into {chain id: Chain}."""
    chains: dict[str, Chain] = {}
    for path in default_chain_paths() if paths is None else [Path(p) for p in paths]:
        chain = load_chain(path)
        if chain.id in chains:
            raise ChainError(f"{path}: id: {chain.id!r} already defined in {chains[chain.id].path}")
        chains[chain.id] = chain
    return chains


def load_chain(path: str | Path) -> Chain:
    """Load and validate one chain file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ChainError(f"{path}: not valid YAML: {exc}") from exc
    return chain_from_dict(data, str(path))


def chain_from_dict(data: Any, where: str) -> Chain:
    """Validate a parsed chain document; `where` names it in errors."""
    if not isinstance(data, Mapping):
        raise ChainError(f"{where}: expected a mapping at top level, got {type(data).__name__}")
    for name in _REQUIRED_CHAIN_FIELDS:
        if data.get(name) in (None, ""):
            raise ChainError(f"{where}: {name}: required field missing or empty")
    chain_id = _text(data["id"], where, "id")
    raw_segments = data["segments"]
    if not isinstance(raw_segments, list):
        raise ChainError(f"{where}: segments: expected a list")
    if not MIN_SEGMENTS <= len(raw_segments) <= MAX_SEGMENTS:
        raise ChainError(
            f"{where}: segments: {len(raw_segments)} segments, expected {MIN_SEGMENTS}-{MAX_SEGMENTS}"
        )
    source = _text(data["source"], where, "source")
    segments = tuple(
        _segment(raw, chain_id, source, f"{where}: segments[{i}]") for i, raw in enumerate(raw_segments)
    )
    _check_keys_and_feeds(segments, where)
    return Chain(
        id=chain_id,
        version=_text(data["version"], where, "version"),
        name_zh=_text(data["name_zh"], where, "name_zh"),
        name_en=_text(data["name_en"], where, "name_en"),
        sei=_texts(data.get("sei") or [], where, "sei"),
        source=source,
        segments=segments,
        path=where,
    )


def normalize_ipc_prefix(raw: str) -> str | None:
    """The compact form of an IPC prefix (`H01L`, `B25J9/`, `G06N3/08`), or None when it is not one."""
    text = str(raw).strip().upper().replace(" ", "")
    if text.endswith("/"):
        group = normalize_ipc(text + "00")
        return group[:-2] if group else None
    code = normalize_ipc(text)
    if code and code.endswith("/00"):
        return code[:-2]
    return code


def _segment(raw: Any, chain_id: str, chain_source: str, where: str) -> Segment:
    if not isinstance(raw, Mapping):
        raise ChainError(f"{where}: expected a mapping")
    for name in _REQUIRED_SEGMENT_FIELDS:
        if name not in raw or raw[name] is None:
            raise ChainError(f"{where}: {name}: required field missing")
    key = _text(raw["key"], where, "key")
    where = f"{where} ({key})"
    position = _text(raw["position"], where, "position")
    if position not in POSITIONS:
        raise ChainError(f"{where}: position: {position!r} is not one of {', '.join(POSITIONS)}")
    ipc = _prefixes(raw["ipc"], where, "ipc")
    if not ipc:
        raise ChainError(f"{where}: ipc: at least one IPC prefix is required")
    examples = _codes(raw.get("ipc_examples") or [], where, "ipc_examples")
    recent = _prefixes(raw.get("ipc_recent") or [], where, "ipc_recent")
    for code in examples:
        if not any(ipc_prefix_matches(p, code) for p in ipc):
            raise ChainError(f"{where}: ipc_examples: {code} is under none of the segment's ipc prefixes")
    keywords_zh = _texts(raw["keywords_zh"], where, "keywords_zh")
    for word in keywords_zh:
        if len(word) < 2:
            raise ChainError(f"{where}: keywords_zh: {word!r} is too short to match safely")
    return Segment(
        chain_id=chain_id,
        key=key,
        name_zh=_text(raw["name_zh"], where, "name_zh"),
        name_en=_text(raw["name_en"], where, "name_en"),
        position=position,
        feeds=_texts(raw.get("feeds") or [], where, "feeds"),
        ipc=ipc,
        ipc_recent=recent,
        ipc_examples=examples,
        keywords_zh=keywords_zh,
        keywords_en=_texts(raw["keywords_en"], where, "keywords_en"),
        sei=_texts(raw.get("sei") or [], where, "sei"),
        source=_text(raw.get("source") or chain_source, where, "source"),
    )


def ipc_prefix_matches(prefix: str, code: str) -> bool:
    """Whether compact `code` falls under compact `prefix` (see the module docstring for the shapes)."""
    return code.startswith(prefix)


def _check_keys_and_feeds(segments: tuple[Segment, ...], where: str) -> None:
    keys: dict[str, int] = {}
    for i, segment in enumerate(segments):
        if segment.key in keys:
            raise ChainError(f"{where}: segments[{i}].key: duplicate key {segment.key!r}")
        keys[segment.key] = i
    for i, segment in enumerate(segments):
        for target in segment.feeds:
            if target not in keys:
                raise ChainError(f"{where}: segments[{i}] ({segment.key}).feeds: unknown segment {target!r}")
            if target == segment.key:
                raise ChainError(f"{where}: segments[{i}] ({segment.key}).feeds: a segment cannot feed itself")
    cycle = _find_cycle({s.key: s.feeds for s in segments})
    if cycle:
        raise ChainError(f"{where}: feeds: cycle {' -> '.join(cycle)}")


def _find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """One cycle of a directed graph as a closed path, or None (iterative DFS, colours white/grey/black)."""
    state: dict[str, int] = {}
    for start in graph:
        if state.get(start):
            continue
        stack: list[tuple[str, Iterable[str]]] = [(start, iter(graph[start]))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(iter(children), None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                return path[path.index(child) :] + [child]
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(graph[child])))
    return None


def _text(value: Any, where: str, field: str) -> str:
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
        raise ChainError(f"{where}: {field}: expected non-empty text, got {value!r}")
    return str(value).strip()


def _texts(value: Any, where: str, field: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ChainError(f"{where}: {field}: expected a list, got {type(value).__name__}")
    return tuple(_text(v, where, f"{field}[{i}]") for i, v in enumerate(value))


def _prefixes(value: Any, where: str, field: str) -> tuple[str, ...]:
    out: list[str] = []
    for i, raw in enumerate(_texts(value, where, field)):
        prefix = normalize_ipc_prefix(raw)
        if prefix is None:
            raise ChainError(f"{where}: {field}[{i}]: {raw!r} is not an IPC prefix")
        out.append(prefix)
    return tuple(out)


def _codes(value: Any, where: str, field: str) -> tuple[str, ...]:
    out: list[str] = []
    for i, raw in enumerate(_texts(value, where, field)):
        code = normalize_ipc(raw)
        if code is None or "/" not in code:
            raise ChainError(f"{where}: {field}[{i}]: {raw!r} is not a full IPC group symbol")
        out.append(code)
    return tuple(out)
