// name: transfer_firms_for_features
// description: firms with patents sharing an IPC subclass or a concept with a patent, most matching
//   patents first, at most $cap, leaving out the patent's own holders ($holder_ids).
MATCH (f:Organization)-[:APPLIED_FOR]->(p:Patent)
WHERE f.kind = 'firm' AND NOT f.id IN $holder_ids
  AND (any(code IN coalesce(p.ipc, []) WHERE left(code, 4) IN $subclasses)
       OR any(c IN coalesce(p.concepts, []) WHERE c IN $concepts))
WITH f, count(DISTINCT p) AS matching
ORDER BY matching DESC, f.id
LIMIT $cap
RETURN f.id AS org
