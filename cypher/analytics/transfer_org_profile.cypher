// name: transfer_org_profile
// description: one organisation and the technology of the patents it holds: applied for, or received
//   by an effective transfer (TO_PARTY of a PatentTransaction of kind transfer); one row per patent (a
//   row with a null patent when it has none; no row when the id is unknown).
MATCH (o:Organization {id: $org_id})
OPTIONAL MATCH (o)-[:APPLIED_FOR]->(applied:Patent)
WITH o, collect(DISTINCT applied) AS applied
OPTIONAL MATCH (o)<-[:TO_PARTY]-(t:PatentTransaction)-[:TRANSACTION_OF]->(received:Patent)
WHERE t.kind = 'transfer' AND t.event = 'effective'
WITH o, applied, collect(DISTINCT received) AS received
UNWIND CASE WHEN size(applied + received) = 0 THEN [null] ELSE applied + received END AS p
WITH DISTINCT o, p
RETURN o.id AS org, o.name AS name, o.kind AS kind, o.city AS city, o.province AS province,
       p.id AS patent, p.ipc AS ipc, p.concepts AS concepts
