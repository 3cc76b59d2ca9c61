// name: chains_all
// description: every industrial chain, by id (there are a handful).
MATCH (c:IndustrialChain)
RETURN properties(c) AS node
ORDER BY c.id
LIMIT $limit
