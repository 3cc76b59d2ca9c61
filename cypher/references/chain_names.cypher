// name: chain_names
// description: every chain key (the segments' chain_id), English and Chinese name, for suggestions.
MATCH (c:IndustrialChain)
OPTIONAL MATCH (c)-[:HAS_SEGMENT]->(s:ChainSegment)
WITH c, collect(DISTINCT s.chain_id) AS keys
UNWIND keys + [c.name_en, c.name_zh] AS name
WITH name WHERE name IS NOT NULL
RETURN DISTINCT name
