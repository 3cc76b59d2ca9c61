"""The GraphQL and REST API (strawberry on FastAPI)."""
