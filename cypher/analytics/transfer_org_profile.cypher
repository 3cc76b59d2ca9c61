// name: transfer_org_profile
// description: one organisation and the technology of its own patents (applied for or owned); one
//   row per patent (a row with a null patent when it has none; no row when the id is unknown).
MATCH (o:Organization {id: $org_id})
OPTIONAL MATCH (o)-[:APPLIED_FOR|OWNS]->(p:Patent)
RETURN o.id AS org, o.name AS name, o.kind AS kind, o.city AS city, o.province AS province,
       p.id AS patent, p.ipc AS ipc, p.concepts AS concepts
