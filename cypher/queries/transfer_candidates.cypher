// name: transfer_candidates
// title: Patent transfer candidates for a firm
// description: Valid invention patents held by universities and research institutes (and not by the
//   firm) in IPC subclasses where the firm already files: candidates for licensing or transfer.
// param: firm string required -- the firm's organisation id or name
// param: limit int default=50 range=1..1000
// returns: patent_id, number, title, year, holder, holder_kind, holder_city, subclasses
MATCH (f:Organization)
WHERE f.id = $firm OR f.name = $firm
MATCH (f)-[:APPLIED_FOR]->(own:Patent)
UNWIND coalesce(own.ipc, []) AS code
WITH f, collect(DISTINCT substring(code, 0, 4)) AS portfolio
MATCH (h:Organization)-[:APPLIED_FOR]->(p:Patent)
WHERE h.kind IN ['university', 'research_institute']
  AND p.type = 'invention' AND coalesce(p.valid, true)
  AND NOT EXISTS { MATCH (f)-[:APPLIED_FOR]->(p) }
WITH p, h, [c IN coalesce(p.ipc, []) WHERE substring(c, 0, 4) IN portfolio | substring(c, 0, 4)] AS shared
WHERE size(shared) > 0
WITH p, collect(DISTINCT h) AS holders, shared
UNWIND holders AS h
RETURN p.id AS patent_id, p.number AS number, p.title AS title, p.year AS year,
       h.name AS holder, h.kind AS holder_kind, h.city AS holder_city,
       reduce(acc = [], c IN shared | CASE WHEN c IN acc THEN acc ELSE acc + c END) AS subclasses
ORDER BY year DESC, number, holder
LIMIT $limit
