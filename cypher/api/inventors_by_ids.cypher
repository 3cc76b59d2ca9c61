// name: inventors_by_ids
// description: inventors by id (DataLoader batch).
UNWIND $ids AS id
MATCH (i:Inventor {id: id})
RETURN id, properties(i) AS node
