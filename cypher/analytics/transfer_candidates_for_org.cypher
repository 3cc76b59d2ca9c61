// name: transfer_candidates_for_org
// description: patents of universities and research institutes ($owner_kinds) that share an IPC
//   subclass or a concept with the organisation's profile and are still available: not lapsed
//   (valid false), not marked `transferred` or `exclusively_licensed` by the transaction loader
//   (a transfer moves the patent to its assignee), not applied for by the organisation and not
//   already transferred or licensed to it (TO_PARTY of one of the patent's transactions).
//   Newest first, at most $cap; with what the ranking reads (type, status, grant date, IPC, concepts).
MATCH (u:Organization)-[:APPLIED_FOR]->(p:Patent)
WHERE u.kind IN $owner_kinds
  AND coalesce(p.valid, true)
  AND coalesce(p.transferred, false) = false
  AND coalesce(p.exclusively_licensed, false) = false
  AND (any(code IN coalesce(p.ipc, []) WHERE left(code, 4) IN $subclasses)
       OR any(c IN coalesce(p.concepts, []) WHERE c IN $concepts))
  AND NOT EXISTS { MATCH (p)<-[:APPLIED_FOR]-(:Organization {id: $org_id}) }
  AND NOT EXISTS { MATCH (p)<-[:TRANSACTION_OF]-(:PatentTransaction)-[:TO_PARTY]->(:Organization {id: $org_id}) }
WITH p, collect(DISTINCT u.id) AS owners, collect(DISTINCT u.city) AS cities,
     collect(DISTINCT u.province) AS provinces
RETURN p.id AS patent, p.title AS title, p.year AS year, p.type AS type, p.valid AS valid,
       p.grant_date AS grant_date, p.ipc AS ipc, p.concepts AS concepts, owners, cities, provinces
ORDER BY p.year DESC, p.id
LIMIT $cap
