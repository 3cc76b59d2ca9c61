// name: organizations_by_ids
// description: organisations by id (DataLoader batch).
UNWIND $ids AS id
MATCH (o:Organization {id: id})
RETURN id, properties(o) AS node
