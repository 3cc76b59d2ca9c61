// name: targets_count
// description: how many targets match targets_page: set by a measure of a policy, or by the policy
//   itself (plan-level targets stated outside every measure: Policy-[:SETS_TARGET]->Target).
MATCH (p:Policy)-[:HAS_MEASURE|SETS_TARGET*1..2]->(t:Target)
WHERE $region IS NULL OR p.region = $region OR p.region STARTS WITH $region + "-"
RETURN count(DISTINCT t) AS total
