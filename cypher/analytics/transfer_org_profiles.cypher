// name: transfer_org_profiles
// description: the organisations $ids and the technology of the patents they hold (applied for, or
//   received by an effective transfer), one row per patent.
UNWIND $ids AS id
MATCH (o:Organization {id: id})
OPTIONAL MATCH (o)-[:APPLIED_FOR]->(applied:Patent)
WITH o, collect(DISTINCT applied) AS applied
OPTIONAL MATCH (o)<-[:TO_PARTY]-(t:PatentTransaction)-[:TRANSACTION_OF]->(received:Patent)
WHERE t.kind = 'transfer' AND t.event = 'effective'
WITH o, applied, collect(DISTINCT received) AS received
UNWIND applied + received AS p
WITH DISTINCT o, p
RETURN o.id AS org, o.name AS name, o.kind AS kind, o.city AS city, o.province AS province,
       p.id AS patent, p.ipc AS ipc, p.concepts AS concepts
