// name: patents_of_organizations
// description: one page of each organisation's patents (newest first) and its total (DataLoader batch).
UNWIND $ids AS id
MATCH (:Organization {id: id})-[:APPLIED_FOR]->(p:Patent)
WITH DISTINCT id, p
ORDER BY p.year DESC, p.id
WITH id, collect(p) AS patents
RETURN id, size(patents) AS total, [x IN patents[$skip..$end] | properties(x)] AS nodes
