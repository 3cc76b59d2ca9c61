// name: ownership
// description: a patent's applicants and its effective transfers up to a date, each with its new owners.
MATCH (p:Patent)
WHERE p.id = $patent OR p.number = $patent
OPTIONAL MATCH (a:Organization)-[r:APPLIED_FOR]->(p)
WITH p, collect({id: a.id, name: a.name, sequence: r.sequence}) AS applicants
OPTIONAL MATCH (t:PatentTransaction)-[:TRANSACTION_OF]->(p)
WHERE t.kind = 'transfer' AND t.event = 'effective' AND t.date <= $date
OPTIONAL MATCH (t)-[tp:TO_PARTY]->(o:Organization)
WITH p, applicants, t, collect({id: o.id, name: o.name, sequence: tp.sequence}) AS owners
RETURN p.id AS patent_id, p.application_date AS application_date, applicants,
       t.id AS transaction_id, t.date AS date, t.source_line AS source_line, owners
