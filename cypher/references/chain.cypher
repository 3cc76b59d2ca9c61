// name: chain
// description: whether an industrial chain has this id, key, English or Chinese name.
OPTIONAL MATCH (c:IndustrialChain) WHERE c.id = $value OR c.key = $value OR c.name_en = $value OR c.name_zh = $value
WITH c LIMIT 1
OPTIONAL MATCH (s:ChainSegment {chain_id: $value})
WITH c, s LIMIT 1
RETURN c IS NOT NULL OR s IS NOT NULL AS found
