"""Industrial chains (segments, FEEDS edges, IPC and keyword rules) loaded from versioned YAML files."""

from extract.chains.model import Chain, ChainError, Segment, default_chain_paths, load_chain, load_chains

__all__ = ["Chain", "ChainError", "Segment", "default_chain_paths", "load_chain", "load_chains"]
