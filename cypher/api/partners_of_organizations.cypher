// name: partners_of_organizations
// description: co-applicant organisations of each organisation with the number of shared patents,
//   most shared first, at most $limit per organisation (DataLoader batch).
UNWIND $ids AS id
MATCH (o:Organization {id: id})-[:APPLIED_FOR]->(p:Patent)<-[:APPLIED_FOR]-(x:Organization)
WHERE x.id <> id
WITH id, x, count(DISTINCT p) AS shared
ORDER BY shared DESC, x.id
WITH id, collect({node: properties(x), shared: shared}) AS partners
RETURN id, partners[0..$limit] AS partners
