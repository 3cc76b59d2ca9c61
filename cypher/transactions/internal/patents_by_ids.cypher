// name: patents_by_ids
// description: which of the given patent ids exist (and are not citation stubs).
UNWIND $ids AS pid
MATCH (p:Patent {id: pid})
RETURN p.id AS id, p.number AS number, coalesce(p.stub, false) AS stub
