// name: patents_page_of_org
// description: patents_page anchored on one applicant organisation (used when organization_id is given).
MATCH (:Organization {id: $organization_id})-[:APPLIED_FOR]->(p:Patent)
WHERE ($year IS NULL OR p.year = $year)
  AND ($type IS NULL OR p.type = $type)
  AND ($ipc_prefix IS NULL OR any(c IN coalesce(p.ipc, []) WHERE c STARTS WITH $ipc_prefix))
  AND ($segment_id IS NULL OR exists { MATCH (p)-[:IN_SEGMENT]->(:ChainSegment {id: $segment_id}) })
WITH DISTINCT p
// the page is cut before properties are read: sorting whole property maps costs 3x at 100k
WITH p ORDER BY p.year DESC, p.id SKIP $skip LIMIT $limit
RETURN properties(p) AS node
