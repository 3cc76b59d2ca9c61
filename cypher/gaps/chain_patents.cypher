// name: chain_patents
// description: one row per patent classified into any segment of the chain (IN_SEGMENT), with the
//   segments it is in, its year, type and validity, the signals of the high-value rule (claims,
//   incoming citations, IPC codes) and its applicant organisations. Region- and window-independent:
//   the gap analysis caches it per chain and data version and aggregates it in Python.
//   (Shape matters on ArcadeDB: applicants are collected with OPTIONAL MATCH after grouping; a pattern
//   comprehension after the grouping, or next to the COUNT subquery, is planned as a scan and is
//   hundreds of times slower.)
MATCH (c:IndustrialChain {id: $chain_id})-[:HAS_SEGMENT]->(s:ChainSegment)<-[:IN_SEGMENT]-(p:Patent)
WITH p, collect(s.id) AS segments
OPTIONAL MATCH (o:Organization)-[:APPLIED_FOR]->(p)
WITH p, segments, collect(DISTINCT o.id) AS applicants
RETURN p.id AS id, segments, applicants, p.year AS year, p.type AS type, p.valid AS valid,
       p.claims_count AS claims, p.ipc AS ipc, COUNT { (p)<-[:CITES]-() } AS cited_by
