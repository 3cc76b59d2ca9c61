// name: policies_by_ids
// description: policies by id (DataLoader batch).
UNWIND $ids AS id
MATCH (p:Policy {id: id})
RETURN id, properties(p) AS node
