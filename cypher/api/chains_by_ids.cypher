// name: chains_by_ids
// description: industrial chains by id (DataLoader batch).
UNWIND $ids AS id
MATCH (c:IndustrialChain {id: id})
RETURN id, properties(c) AS node
