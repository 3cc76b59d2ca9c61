"""The graph store: connection to the embedded ArcadeDB or to Neo4j, schema, batched writer, analytics."""
