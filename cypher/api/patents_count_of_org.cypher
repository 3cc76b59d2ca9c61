// name: patents_count_of_org
// description: how many patents match patents_page_of_org.
MATCH (:Organization {id: $organization_id})-[:APPLIED_FOR]->(p:Patent)
WHERE ($year IS NULL OR p.year = $year)
  AND ($type IS NULL OR p.type = $type)
  AND ($ipc_prefix IS NULL OR any(c IN coalesce(p.ipc, []) WHERE c STARTS WITH $ipc_prefix))
  AND ($segment_id IS NULL OR exists { MATCH (p)-[:IN_SEGMENT]->(:ChainSegment {id: $segment_id}) })
RETURN count(DISTINCT p) AS total
