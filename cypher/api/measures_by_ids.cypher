// name: measures_by_ids
// description: measures by id (DataLoader batch).
UNWIND $ids AS id
MATCH (m:Measure {id: id})
RETURN id, properties(m) AS node
