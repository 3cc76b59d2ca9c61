// name: patents_page
// description: one page of patents, newest application year first, with optional filters.
//   Filters that are null are ignored; `organization_id` and `segment_id` are checked per patent.
MATCH (p:Patent)
WHERE ($year IS NULL OR p.year = $year)
  AND ($type IS NULL OR p.type = $type)
  AND ($ipc_prefix IS NULL OR any(c IN coalesce(p.ipc, []) WHERE c STARTS WITH $ipc_prefix))
  AND ($organization_id IS NULL OR exists { MATCH (:Organization {id: $organization_id})-[:APPLIED_FOR]->(p) })
  AND ($segment_id IS NULL OR exists { MATCH (p)-[:IN_SEGMENT]->(:ChainSegment {id: $segment_id}) })
// the page is cut before properties are read: sorting whole property maps costs 3x at 100k
WITH p ORDER BY p.year DESC, p.id SKIP $skip LIMIT $limit
RETURN properties(p) AS node
