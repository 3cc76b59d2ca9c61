// name: transfer_candidates_for_org
// description: patents of universities and research institutes ($owner_kinds) that share an IPC
//   subclass or a concept with the organisation's profile, are not applied for or owned by it and
//   are still available: not marked `transferred` or `exclusively_licensed`, and without an OWNS
//   edge (OWNS is written only when the owner differs from the applicant: the patent has moved).
//   Newest first, at most $cap.
MATCH (u:Organization)-[:APPLIED_FOR]->(p:Patent)
WHERE u.kind IN $owner_kinds
  AND coalesce(p.transferred, false) = false
  AND coalesce(p.exclusively_licensed, false) = false
  AND (any(code IN coalesce(p.ipc, []) WHERE left(code, 4) IN $subclasses)
       OR any(c IN coalesce(p.concepts, []) WHERE c IN $concepts))
  AND NOT (p)<-[:OWNS]-(:Organization)
  AND NOT (p)<-[:APPLIED_FOR]-(:Organization {id: $org_id})
WITH p, collect(DISTINCT u.id) AS owners, collect(DISTINCT u.city) AS cities,
     collect(DISTINCT u.province) AS provinces
RETURN p.id AS patent, p.title AS title, p.year AS year, p.type AS type, p.valid AS valid,
       p.ipc AS ipc, p.concepts AS concepts, owners, cities, provinces
ORDER BY p.year DESC, p.id
LIMIT $cap
