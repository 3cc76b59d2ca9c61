"""The GraphQL API: one module per domain (types + its Query fields), composed in `schema.py`."""
