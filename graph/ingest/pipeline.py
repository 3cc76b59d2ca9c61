"""The one way patent files enter the graph: the industrial chains first, then the patent loader.

Classification links each patent to the segments of the chains already in the graph, so the chains
must be written before the first patent batch; every caller (the CLI's `ingest patents` and `demo`,
benches, test helpers) goes through `ingest_patent_files` instead of wiring the two steps by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extract.chains import Chain, load_chains
from graph.ingest.chains import load_chains_into_graph
from graph.ingest.patent_report import PatentLoadReport
from graph.ingest.patents import PatentLoader
from graph.writer import GraphWriter, WriteSummary


@dataclass(frozen=True)
class PatentIngest:
    """What an ingest did: the chains it classified against (None when classification was off), their
    write summary, the patent loader's report and the loader itself (the bulk import reads it after)."""

    chains: Mapping[str, Chain] | None
    chains_written: WriteSummary | None
    patents: PatentLoadReport
    loader: PatentLoader


def ingest_patent_files(writer: GraphWriter, paths: Iterable[Path], fmt: str | None = None, *,
                        classify: bool = True, chains: Mapping[str, Chain] | None = None,
                        loader_class: type[PatentLoader] = PatentLoader, **loader_options: Any) -> PatentIngest:
    """Write the chains (the shipped ones unless `chains` is given; none when `classify` is off), then
    load `paths` with a `loader_class` (a `PatentLoader`; the bulk import's keeps what it needs for after
    the import) made with `loader_options` (batch_size, rejects_path, on_records, inventor_shards,
    skip_loaded). `writer` is a `GraphWriter`, or the bulk import's sink that merges batches for CSVs."""
    used = (chains if chains is not None else load_chains()) if classify else None
    written = load_chains_into_graph(writer, used) if used else None
    loader = loader_class(writer, chains=used, **loader_options)
    return PatentIngest(used, written, loader.load(paths, fmt), loader)
