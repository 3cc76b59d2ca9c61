// name: chain
// description: one industrial chain by graph id (chain:...) or chain key (humanoid-robots), with its
//   segments in chain order and the FEEDS edges between them. No row: unknown chain.
MATCH (c:IndustrialChain)
WHERE c.id = $chain OR c.key = $chain
OPTIONAL MATCH (c)-[:HAS_SEGMENT]->(s:ChainSegment)
WITH c, s
ORDER BY s.order, s.key
WITH c, collect({id: s.id, key: s.key, name_zh: s.name_zh, name_en: s.name_en,
                 position: s.position, order: s.order}) AS segments
OPTIONAL MATCH (c)-[:HAS_SEGMENT]->(a:ChainSegment)-[:FEEDS]->(b:ChainSegment)
RETURN c.id AS id, c.key AS key, c.name_zh AS name_zh, c.name_en AS name_en, c.version AS version,
       c.fingerprint AS fingerprint, segments,
       collect({source: a.id, target: b.id}) AS feeds
