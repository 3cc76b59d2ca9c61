// name: declared_consortia
// description: declared consortia (Consortium {declared: true}) with the chains they target
//   (FOR_CHAIN) and their members (MEMBER_OF, with role); all of them when $ids is null.
MATCH (c:Consortium)
WHERE c.declared = true AND ($ids IS NULL OR c.id IN $ids)
OPTIONAL MATCH (c)-[:FOR_CHAIN]->(ch:IndustrialChain)
WITH c, collect(DISTINCT ch.id) AS chains
OPTIONAL MATCH (o:Organization)-[r:MEMBER_OF]->(c)
WITH c, chains, o, r
ORDER BY o.id
RETURN c.id AS id, properties(c) AS node, chains, collect({id: o.id, role: r.role}) AS members
ORDER BY id
