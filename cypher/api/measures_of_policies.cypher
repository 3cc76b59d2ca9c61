// name: measures_of_policies
// description: the measures of each policy in document order (DataLoader batch).
UNWIND $ids AS id
MATCH (:Policy {id: id})-[:HAS_MEASURE]->(m:Measure)
RETURN id, properties(m) AS node
ORDER BY id, coalesce(m.ordinal, 0), m.id
