// name: measures_count
// description: how many measures match the filters of measures_page.
MATCH (p:Policy)-[:HAS_MEASURE]->(m:Measure)
WHERE ($area IS NULL OR m.area = $area)
  AND ($industry IS NULL OR any(i IN coalesce(m.industries, []) WHERE toLower(i) = $industry))
  AND ($actor IS NULL OR any(a IN coalesce(m.actors, []) WHERE toLower(a) CONTAINS $actor))
  AND ($policy_id IS NULL OR p.id = $policy_id)
RETURN count(m) AS total
