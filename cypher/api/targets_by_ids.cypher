// name: targets_by_ids
// description: targets by id (DataLoader batch).
UNWIND $ids AS id
MATCH (t:Target {id: id})
RETURN id, properties(t) AS node
