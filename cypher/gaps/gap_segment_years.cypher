// name: gap_segment_years
// title: Chain gap: patents per segment and year for a region
// description: Patents of a region per segment of a chain and application year, in a year window:
//   the series growth and CAGR are computed from (graph.gaps.growth_of).
// param: chain_id string required -- IndustrialChain id (chain:...)
// param: region_id string default="" -- Region id (reg:...); empty = every patent
// param: from_year int -- first application year, inclusive; empty = no bound
// param: to_year int -- last application year, inclusive; empty = no bound
// returns: segment_id, key, year, patents
MATCH (c:IndustrialChain {id: $chain_id})-[:HAS_SEGMENT]->(s:ChainSegment)<-[:IN_SEGMENT]-(p:Patent)
WHERE p.year IS NOT NULL
  AND ($from_year IS NULL OR p.year >= $from_year) AND ($to_year IS NULL OR p.year <= $to_year)
  AND ($region_id = ""
       OR EXISTS { MATCH (p)<-[:APPLIED_FOR]-(:Organization)-[:LOCATED_IN*1..3]->(r:Region) WHERE r.id = $region_id })
RETURN s.id AS segment_id, s.key AS key, p.year AS year, count(p) AS patents
ORDER BY key, year
