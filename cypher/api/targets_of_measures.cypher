// name: targets_of_measures
// description: the numeric targets each measure sets (DataLoader batch).
UNWIND $ids AS id
MATCH (:Measure {id: id})-[:SETS_TARGET]->(t:Target)
RETURN id, properties(t) AS node
ORDER BY id, t.id
