// name: chain_ids
// description: the ids of every industrial chain in the graph (for warming the gap cache).
MATCH (c:IndustrialChain)
RETURN c.id AS id
ORDER BY id
