// name: measure_of_targets
// description: the measure that sets each target (DataLoader batch).
UNWIND $ids AS id
MATCH (m:Measure)-[:SETS_TARGET]->(:Target {id: id})
RETURN id, properties(m) AS node
