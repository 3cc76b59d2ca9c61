// name: measures_page
// description: one page of measures filtered by area, industry (one of the measure's industries,
//   case-folded) and actor (a case-folded substring of one of its actors), policy and ordinal order.
MATCH (p:Policy)-[:HAS_MEASURE]->(m:Measure)
WHERE ($area IS NULL OR m.area = $area)
  AND ($industry IS NULL OR any(i IN coalesce(m.industries, []) WHERE toLower(i) = $industry))
  AND ($actor IS NULL OR any(a IN coalesce(m.actors, []) WHERE toLower(a) CONTAINS $actor))
  AND ($policy_id IS NULL OR p.id = $policy_id)
// the page is cut before properties are read: sorting whole property maps costs 3x at 100k
WITH m, p ORDER BY p.id, coalesce(m.ordinal, 0), m.id SKIP $skip LIMIT $limit
RETURN properties(m) AS node
