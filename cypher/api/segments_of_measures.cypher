// name: segments_of_measures
// description: chain segments each measure names, with the industry matched (DataLoader batch).
UNWIND $ids AS id
MATCH (:Measure {id: id})-[r:TARGETS_SEGMENT]->(s:ChainSegment)
RETURN id, properties(s) AS node, r.industry AS industry, r.confidence AS confidence
ORDER BY id, s.id
