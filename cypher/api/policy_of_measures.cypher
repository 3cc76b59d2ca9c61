// name: policy_of_measures
// description: the policy each measure belongs to (DataLoader batch).
UNWIND $ids AS id
MATCH (p:Policy)-[:HAS_MEASURE]->(:Measure {id: id})
RETURN id, properties(p) AS node
