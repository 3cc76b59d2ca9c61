// name: consortium_support_measures
// description: policy measures that support consortia for one chain: an instrument among
//   $instruments (lower case, e.g. consortium, alliance) and either a TARGETS_SEGMENT edge to a
//   segment of the chain or an industry among $industries (lower case).
MATCH (m:Measure)
WHERE any(i IN coalesce(m.instruments, []) WHERE toLower(i) IN $instruments)
OPTIONAL MATCH (m)-[:TARGETS_SEGMENT]->(s:ChainSegment)<-[:HAS_SEGMENT]-(:IndustrialChain {id: $chain_id})
WITH m, collect(DISTINCT s.id) AS segments
WHERE size(segments) > 0 OR any(x IN coalesce(m.industries, []) WHERE toLower(x) IN $industries)
OPTIONAL MATCH (p:Policy)-[:HAS_MEASURE]->(m)
RETURN m.id AS measure, p.id AS policy, m.instruments AS instruments, segments
ORDER BY m.id
