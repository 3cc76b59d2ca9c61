// name: targets_page
// description: one page of the targets of policies in a region code (CN-JS also matches CN-JS-...;
//   null = everywhere), set by a measure or by the policy itself (plan-level targets), by policy,
//   measure ordinal (plan-level first) and target id.
MATCH (p:Policy)-[:HAS_MEASURE|SETS_TARGET*1..2]->(t:Target)
WHERE $region IS NULL OR p.region = $region OR p.region STARTS WITH $region + "-"
WITH DISTINCT p, t
OPTIONAL MATCH (p)-[:HAS_MEASURE]->(m:Measure)-[:SETS_TARGET]->(t)
WITH p, t, coalesce(m.ordinal, 0) AS ordinal
// the page is cut before properties are read: sorting whole property maps costs 3x at 100k
ORDER BY p.id, ordinal, t.id SKIP $skip LIMIT $limit
RETURN properties(t) AS node
