// name: targets_of_region
// description: every Target set by a policy whose region code starts with $region (empty = all).
MATCH (t:Target)
OPTIONAL MATCH (pm:Policy)-[:HAS_MEASURE]->(:Measure)-[:SETS_TARGET]->(t)
OPTIONAL MATCH (pd:Policy)-[:SETS_TARGET]->(t)
WITH t, coalesce(pm, pd) AS p
WHERE $region = '' OR coalesce(p.region, '') STARTS WITH $region
RETURN DISTINCT t.id AS id, t.metric AS metric, t.deadline AS deadline, p.id AS policy_id,
       p.title AS policy_title, p.region AS policy_region
ORDER BY id
