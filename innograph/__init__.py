"""InnoGraph: a knowledge graph for innovation planning."""

__version__ = "0.1.0"
