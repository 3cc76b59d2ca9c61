// name: patents_by_ids
// description: patents by id (DataLoader batch); ids that match nothing are absent.
UNWIND $ids AS id
MATCH (p:Patent {id: id})
RETURN id, properties(p) AS node
