// name: patents_count
// description: how many patents match the filters of patents_page.
MATCH (p:Patent)
WHERE ($year IS NULL OR p.year = $year)
  AND ($type IS NULL OR p.type = $type)
  AND ($ipc_prefix IS NULL OR any(c IN coalesce(p.ipc, []) WHERE c STARTS WITH $ipc_prefix))
  AND ($organization_id IS NULL OR exists { MATCH (:Organization {id: $organization_id})-[:APPLIED_FOR]->(p) })
  AND ($segment_id IS NULL OR exists { MATCH (p)-[:IN_SEGMENT]->(:ChainSegment {id: $segment_id}) })
RETURN count(p) AS total
