// name: merge_relationships
// description: upsert relationships between existing nodes found by elementId; properties overwrite.
// identifiers: type
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.s
MATCH (b) WHERE elementId(b) = row.e
MERGE (a)-[r:{{type}}]->(b)
SET r += row.props
