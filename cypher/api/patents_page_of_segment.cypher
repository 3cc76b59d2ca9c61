// name: patents_page_of_segment
// description: patents_page anchored on one chain segment (used when segment_id is given without an organisation).
MATCH (p:Patent)-[:IN_SEGMENT]->(:ChainSegment {id: $segment_id})
WHERE ($year IS NULL OR p.year = $year)
  AND ($type IS NULL OR p.type = $type)
  AND ($ipc_prefix IS NULL OR any(c IN coalesce(p.ipc, []) WHERE c STARTS WITH $ipc_prefix))
WITH DISTINCT p
// the page is cut before properties are read: sorting whole property maps costs 3x at 100k
WITH p ORDER BY p.year DESC, p.id SKIP $skip LIMIT $limit
RETURN properties(p) AS node
