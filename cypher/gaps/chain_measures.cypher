// name: chain_measures
// description: the policy measures that name the chain's industry as a whole (Measure-[:TARGETS_CHAIN]->
//   IndustrialChain), with their policy; segment-specific ones are in segment_measures.
MATCH (c:IndustrialChain {id: $chain_id})<-[t:TARGETS_CHAIN]-(m:Measure)
OPTIONAL MATCH (pol:Policy)-[:HAS_MEASURE]->(m)
RETURN m.id AS id, m.text AS text, m.ordinal AS ordinal, t.confidence AS confidence,
       pol.id AS policy_id, pol.title AS policy_title, pol.region AS policy_region, pol.date AS policy_date
ORDER BY policy_date DESC, ordinal, id
