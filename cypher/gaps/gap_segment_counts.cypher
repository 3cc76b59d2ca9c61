// name: gap_segment_counts
// title: Chain gap: patent counts per segment for a region
// description: For each segment of a chain, the patents of a region (an applicant organisation
//   LOCATED_IN the region directly or via city -> province -> country) in a year window: all,
//   inventions, valid, and high value (invention, valid or pending, and claims >= 10 or cited at
//   least once or 2+ applicant organisations or 3+ distinct IPC subclasses). Reproduces the
//   region (and benchmark) figures of graph.gaps.chain_gap_report; segments with no patent have no row.
// param: chain_id string required -- IndustrialChain id (chain:...)
// param: region_id string default="" -- Region id (reg:...); empty = every patent (the all-data benchmark)
// param: from_year int -- first application year, inclusive; empty = no bound
// param: to_year int -- last application year, inclusive; empty = no bound
// returns: segment_id, key, patents, inventions, valid, high_value
MATCH (c:IndustrialChain {id: $chain_id})-[:HAS_SEGMENT]->(s:ChainSegment)<-[:IN_SEGMENT]-(p:Patent)
WHERE ($from_year IS NULL OR p.year >= $from_year) AND ($to_year IS NULL OR p.year <= $to_year)
OPTIONAL MATCH (o:Organization)-[:APPLIED_FOR]->(p)
WITH s, p, collect(DISTINCT o) AS applicants
WITH s, p, applicants,
     [a IN applicants WHERE EXISTS { MATCH (a)-[:LOCATED_IN*1..3]->(r:Region) WHERE r.id = $region_id }] AS local
WHERE $region_id = "" OR size(local) > 0
WITH s, p, size(applicants) AS applicant_count, COUNT { (p)<-[:CITES]-() } AS cited_by,
     reduce(acc = [], x IN [code IN coalesce(p.ipc, []) | substring(code, 0, 4)] |
            CASE WHEN x IN acc THEN acc ELSE acc + x END) AS subclasses
WITH s, p,
     p.type = "invention" AND coalesce(p.valid, true)
       AND (coalesce(p.claims_count, 0) >= 10 OR cited_by >= 1 OR applicant_count >= 2 OR size(subclasses) >= 3)
       AS high_value
RETURN s.id AS segment_id, s.key AS key, count(p) AS patents,
       sum(CASE WHEN p.type = "invention" THEN 1 ELSE 0 END) AS inventions,
       sum(CASE WHEN p.valid = true THEN 1 ELSE 0 END) AS valid,
       sum(CASE WHEN high_value THEN 1 ELSE 0 END) AS high_value
ORDER BY key
