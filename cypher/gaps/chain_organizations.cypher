// name: chain_organizations
// description: every organisation that applied for a patent of the chain, with what the gap report
//   shows of it and the Region nodes it is directly LOCATED_IN (a city, sometimes a province).
MATCH (c:IndustrialChain {id: $chain_id})-[:HAS_SEGMENT]->(:ChainSegment)<-[:IN_SEGMENT]-(:Patent)<-[:APPLIED_FOR]-(o:Organization)
WITH DISTINCT o
OPTIONAL MATCH (o)-[:LOCATED_IN]->(r:Region)
WITH o, collect(r.id) AS regions
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.city AS city, o.province AS province,
       o.country AS country, regions
