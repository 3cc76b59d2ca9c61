// name: gap_segment_external
// title: Chain gap: how much of each segment is held outside a region
// description: Per segment of a chain, in a year window: the patents with at least one applicant
//   organisation, and of those the ones with no applicant LOCATED_IN the region (directly or via the
//   region hierarchy). external / with_applicants is the external_share of graph.gaps.
// param: chain_id string required -- IndustrialChain id (chain:...)
// param: region_id string required -- Region id (reg:...)
// param: from_year int -- first application year, inclusive; empty = no bound
// param: to_year int -- last application year, inclusive; empty = no bound
// returns: segment_id, key, with_applicants, external
MATCH (c:IndustrialChain {id: $chain_id})-[:HAS_SEGMENT]->(s:ChainSegment)<-[:IN_SEGMENT]-(p:Patent)
WHERE ($from_year IS NULL OR p.year >= $from_year) AND ($to_year IS NULL OR p.year <= $to_year)
  AND EXISTS { MATCH (p)<-[:APPLIED_FOR]-(:Organization) }
WITH s, p,
     EXISTS { MATCH (p)<-[:APPLIED_FOR]-(:Organization)-[:LOCATED_IN*1..3]->(r:Region) WHERE r.id = $region_id }
       AS local
RETURN s.id AS segment_id, s.key AS key, count(p) AS with_applicants,
       sum(CASE WHEN local THEN 0 ELSE 1 END) AS external
ORDER BY key
