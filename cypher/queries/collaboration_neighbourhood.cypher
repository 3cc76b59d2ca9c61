// name: collaboration_neighbourhood
// title: Collaboration neighbourhood of an organisation (two hops)
// description: Organisations that co-applied with the given one (hop 1) and their own co-applicants
//   (hop 2, not already at hop 1), with the shared patent count of each direct partner.
// param: organization string required -- organisation id or name
// param: limit int default=100 range=1..1000
// returns: organization_id, name, kind, city, hops, shared_patents, via
MATCH (o:Organization)
WHERE o.id = $organization OR o.name = $organization
MATCH (o)-[:APPLIED_FOR]->(p:Patent)<-[:APPLIED_FOR]-(n1:Organization)
WHERE n1 <> o
WITH o, n1, count(DISTINCT p) AS shared
WITH o, collect({org: n1, shared: shared}) AS first
UNWIND first AS f
WITH o, first, f.org AS n1, f.shared AS shared
OPTIONAL MATCH (n1)-[:APPLIED_FOR]->(:Patent)<-[:APPLIED_FOR]-(n2:Organization)
WHERE n2 <> o AND NOT n2 IN [x IN first | x.org]
WITH n1, shared, collect(DISTINCT n2) AS seconds
WITH collect({org: n1, hops: 1, shared: shared, via: []}) + collect({org: null, hops: 2, shared: 0, via: [n1.name], seconds: seconds}) AS rows
UNWIND rows AS row
UNWIND CASE WHEN row.hops = 1 THEN [row.org] ELSE row.seconds END AS org
WITH org, min(row.hops) AS hops, sum(row.shared) AS shared_patents, collect(DISTINCT row.via) AS vias
RETURN org.id AS organization_id, org.name AS name, org.kind AS kind, org.city AS city, hops,
       CASE WHEN hops = 1 THEN shared_patents ELSE 0 END AS shared_patents,
       CASE WHEN hops = 1 THEN [] ELSE reduce(acc = [], v IN vias | acc + v) END AS via
ORDER BY hops, shared_patents DESC, name
LIMIT $limit
