// name: gap_chain_patents
// title: Chain gap: distinct patents of a region in a chain
// description: How many distinct patents of a region (applicant organisation LOCATED_IN it, directly
//   or via the region hierarchy) are in any segment of a chain in a year window: the denominator of
//   the segment shares in graph.gaps.chain_gap_report.
// param: chain_id string required -- IndustrialChain id (chain:...)
// param: region_id string default="" -- Region id (reg:...); empty = every patent
// param: from_year int -- first application year, inclusive; empty = no bound
// param: to_year int -- last application year, inclusive; empty = no bound
// returns: patents
MATCH (c:IndustrialChain {id: $chain_id})-[:HAS_SEGMENT]->(:ChainSegment)<-[:IN_SEGMENT]-(p:Patent)
WHERE ($from_year IS NULL OR p.year >= $from_year) AND ($to_year IS NULL OR p.year <= $to_year)
WITH DISTINCT p
WHERE $region_id = ""
   OR EXISTS { MATCH (p)<-[:APPLIED_FOR]-(:Organization)-[:LOCATED_IN*1..3]->(r:Region) WHERE r.id = $region_id }
RETURN count(p) AS patents
