// name: targets_count
// description: how many targets match targets_page.
MATCH (p:Policy)-[:HAS_MEASURE]->(:Measure)-[:SETS_TARGET]->(t:Target)
WHERE $region IS NULL OR p.region = $region OR p.region STARTS WITH $region + "-"
RETURN count(DISTINCT t) AS total
