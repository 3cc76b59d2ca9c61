// name: create_relationships
// description: create relationships between nodes found by elementId; used only when one end was
//   created in the same transaction, so the relationship cannot exist yet.
// identifiers: type
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row.s
MATCH (b) WHERE elementId(b) = row.e
CREATE (a)-[r:{{type}}]->(b)
SET r += row.props
