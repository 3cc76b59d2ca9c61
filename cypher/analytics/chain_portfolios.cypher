// name: chain_portfolios
// description: one row per (applicant organisation, segment, patent) of one chain: what each
//   organisation holds in each segment, with the patent signals the consortium capacity uses.
MATCH (c:IndustrialChain {id: $chain_id})-[:HAS_SEGMENT]->(s:ChainSegment)<-[:IN_SEGMENT]-(p:Patent)
MATCH (o:Organization)-[:APPLIED_FOR]->(p)
RETURN o.id AS org, o.name AS name, o.kind AS kind, o.city AS city, o.province AS province,
       s.id AS segment, p.id AS patent, p.year AS year, p.application_date AS date, p.type AS type,
       p.valid AS valid, p.claims_count AS claims, p.cited_count AS cited, p.ipc AS ipc
