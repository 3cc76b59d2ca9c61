// name: feeds_of_chains
// description: FEEDS edges between the segments of each chain (DataLoader batch).
UNWIND $ids AS id
MATCH (:IndustrialChain {id: id})-[:HAS_SEGMENT]->(a:ChainSegment)-[:FEEDS]->(b:ChainSegment)
RETURN id, a.id AS source, b.id AS target
ORDER BY id, source, target
