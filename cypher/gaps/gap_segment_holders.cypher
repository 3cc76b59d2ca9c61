// name: gap_segment_holders
// title: Chain gap: holders of a segment in and outside a region
// description: Organisations by the number of a segment's patents they applied for in a year window,
//   marked in_region when they are LOCATED_IN the region (directly or via the region hierarchy);
//   most patents first, then name and id: the top holders of graph.gaps.chain_gap_report.
// param: segment_id string required -- ChainSegment id (seg:...)
// param: region_id string required -- Region id (reg:...)
// param: from_year int -- first application year, inclusive; empty = no bound
// param: to_year int -- last application year, inclusive; empty = no bound
// param: limit int default=20 range=1..1000 -- rows
// returns: organization_id, name, kind, city, in_region, patents
MATCH (s:ChainSegment {id: $segment_id})<-[:IN_SEGMENT]-(p:Patent)<-[:APPLIED_FOR]-(o:Organization)
WHERE ($from_year IS NULL OR p.year >= $from_year) AND ($to_year IS NULL OR p.year <= $to_year)
WITH o, count(DISTINCT p) AS patents
RETURN o.id AS organization_id, o.name AS name, o.kind AS kind, o.city AS city,
       EXISTS { MATCH (o)-[:LOCATED_IN*1..3]->(r:Region) WHERE r.id = $region_id } AS in_region, patents
ORDER BY patents DESC, name, organization_id
LIMIT $limit
