"""Loaders that turn extracted records into graph batches for the writer."""
