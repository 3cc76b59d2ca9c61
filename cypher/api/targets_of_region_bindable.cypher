// name: targets_of_region_bindable
// description: every target `targets_page` lists for a region code (same filter and order), with
//   what the target bindings match on: metric, the policy's title and region.
MATCH (p:Policy)-[:HAS_MEASURE|SETS_TARGET*1..2]->(t:Target)
WHERE $region IS NULL OR p.region = $region OR p.region STARTS WITH $region + "-"
WITH DISTINCT p, t
OPTIONAL MATCH (p)-[:HAS_MEASURE]->(m:Measure)-[:SETS_TARGET]->(t)
WITH p, t, coalesce(m.ordinal, 0) AS ordinal
RETURN t.id AS id, t.metric AS metric, p.title AS policy_title, p.region AS policy_region
ORDER BY p.id, ordinal, t.id
