// name: segment_measures
// description: the policy measures that target each segment of the chain (Measure-[:TARGETS_SEGMENT]->
//   ChainSegment) with their policy; no rows when the policy ingest has written none.
MATCH (c:IndustrialChain {id: $chain_id})-[:HAS_SEGMENT]->(s:ChainSegment)<-[t:TARGETS_SEGMENT]-(m:Measure)
OPTIONAL MATCH (pol:Policy)-[:HAS_MEASURE]->(m)
RETURN s.id AS segment, m.id AS id, m.text AS text, m.ordinal AS ordinal, t.confidence AS confidence,
       pol.id AS policy_id, pol.title AS policy_title, pol.region AS policy_region, pol.date AS policy_date
ORDER BY segment, policy_date DESC, ordinal, id
