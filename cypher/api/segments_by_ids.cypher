// name: segments_by_ids
// description: chain segments by id (DataLoader batch).
UNWIND $ids AS id
MATCH (s:ChainSegment {id: id})
RETURN id, properties(s) AS node
