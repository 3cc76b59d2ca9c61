// name: targets_of_policies
// description: the numeric targets set by each policy's measures (or by the policy itself) (DataLoader batch).
UNWIND $ids AS id
MATCH (p:Policy {id: id})
OPTIONAL MATCH (p)-[:HAS_MEASURE]->(:Measure)-[:SETS_TARGET]->(t1:Target)
WITH id, p, collect(DISTINCT t1) AS via_measures
OPTIONAL MATCH (p)-[:SETS_TARGET]->(t2:Target)
WITH id, via_measures, collect(DISTINCT t2) AS direct
UNWIND via_measures + direct AS t
WITH DISTINCT id, t
RETURN id, properties(t) AS node
ORDER BY id, t.id
