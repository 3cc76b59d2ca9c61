"""InnoGraph's Cypher: schema, ingest statements and saved analyst queries, as `.cypher` files."""
