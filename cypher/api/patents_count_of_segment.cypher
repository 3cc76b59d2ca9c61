// name: patents_count_of_segment
// description: how many patents match patents_page_of_segment.
MATCH (p:Patent)-[:IN_SEGMENT]->(:ChainSegment {id: $segment_id})
WHERE ($year IS NULL OR p.year = $year)
  AND ($type IS NULL OR p.type = $type)
  AND ($ipc_prefix IS NULL OR any(c IN coalesce(p.ipc, []) WHERE c STARTS WITH $ipc_prefix))
RETURN count(DISTINCT p) AS total
