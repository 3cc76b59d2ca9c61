"""Extractors: readers of patent exports and policy documents, normalisers, resolvers (spaCy)."""
