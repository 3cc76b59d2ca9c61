// name: transfer_patent_profile
// description: one patent's technology, status, availability (lapsed, transferred or exclusively
//   licensed: the transaction loader's flags) and the organisations holding it: its applicants and
//   the assignees of its effective transfers (no row when the id is unknown).
MATCH (p:Patent {id: $patent_id})
OPTIONAL MATCH (a:Organization)-[:APPLIED_FOR]->(p)
WITH p, collect(DISTINCT a) AS applicants
OPTIONAL MATCH (p)<-[:TRANSACTION_OF]-(t:PatentTransaction)-[:TO_PARTY]->(r:Organization)
WHERE t.kind = 'transfer' AND t.event = 'effective'
WITH p, applicants, collect(DISTINCT r) AS assignees
RETURN p.id AS patent, p.title AS title, p.year AS year, p.type AS type, p.valid AS valid,
       p.grant_date AS grant_date, p.ipc AS ipc, p.concepts AS concepts,
       coalesce(p.valid, true) = false OR coalesce(p.transferred, false) OR coalesce(p.exclusively_licensed, false)
         AS unavailable,
       [o IN applicants + assignees | {id: o.id, kind: o.kind, city: o.city, province: o.province}] AS holders
