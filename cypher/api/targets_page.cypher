// name: targets_page
// description: one page of targets set by measures of policies in a region code (CN-JS also
//   matches CN-JS-...; null = everywhere), by policy, measure and target id.
MATCH (p:Policy)-[:HAS_MEASURE]->(m:Measure)-[:SETS_TARGET]->(t:Target)
WHERE $region IS NULL OR p.region = $region OR p.region STARTS WITH $region + "-"
WITH DISTINCT p, m, t
// the page is cut before properties are read: sorting whole property maps costs 3x at 100k
WITH m, p, t ORDER BY p.id, coalesce(m.ordinal, 0), t.id SKIP $skip LIMIT $limit
RETURN properties(t) AS node
