// name: transfer_patent_profile
// description: one patent's technology, availability flags and applicant/owner organisations
//   (no row when the id is unknown).
MATCH (p:Patent {id: $patent_id})
OPTIONAL MATCH (o:Organization)-[r:APPLIED_FOR|OWNS]->(p)
RETURN p.id AS patent, p.title AS title, p.year AS year, p.type AS type, p.valid AS valid,
       p.ipc AS ipc, p.concepts AS concepts,
       coalesce(p.transferred, false) OR coalesce(p.exclusively_licensed, false) AS unavailable,
       collect(DISTINCT {id: o.id, kind: o.kind, city: o.city, province: o.province, rel: type(r)}) AS holders
