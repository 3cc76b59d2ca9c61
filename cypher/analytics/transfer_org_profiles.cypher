// name: transfer_org_profiles
// description: the organisations $ids and the technology of their own patents, one row per patent.
UNWIND $ids AS id
MATCH (o:Organization {id: id})-[:APPLIED_FOR|OWNS]->(p:Patent)
RETURN o.id AS org, o.name AS name, o.kind AS kind, o.city AS city, o.province AS province,
       p.id AS patent, p.ipc AS ipc, p.concepts AS concepts
