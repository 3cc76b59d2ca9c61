// name: segments_of_patents
// description: chain segments each patent is classified into, with the rule and confidence (DataLoader batch).
UNWIND $ids AS id
MATCH (:Patent {id: id})-[r:IN_SEGMENT]->(s:ChainSegment)
RETURN id, properties(s) AS node, r.rule AS rule, r.confidence AS confidence
ORDER BY id, s.id
