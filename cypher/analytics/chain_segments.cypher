// name: chain_segments
// description: the segments of one industrial chain with the chain's names (no row: unknown chain).
MATCH (c:IndustrialChain {id: $chain_id})-[:HAS_SEGMENT]->(s:ChainSegment)
RETURN c.id AS chain_id, s.chain_id AS chain_key, c.name_en AS chain_name_en, c.name_zh AS chain_name_zh,
       s.id AS id, s.key AS key, coalesce(s.name_en, s.name_zh, s.key) AS name, s.position AS position
ORDER BY s.key
