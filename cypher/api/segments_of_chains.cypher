// name: segments_of_chains
// description: the segments of each chain, upstream to downstream (DataLoader batch).
UNWIND $ids AS id
MATCH (:IndustrialChain {id: id})-[:HAS_SEGMENT]->(s:ChainSegment)
RETURN id, properties(s) AS node
ORDER BY id, CASE s.position WHEN "upstream" THEN 0 WHEN "midstream" THEN 1 WHEN "downstream" THEN 2 ELSE 3 END, s.key, s.id
