// name: policy_of_targets
// description: the policy that sets each target, through one of its measures or directly
//   (DataLoader batch).
UNWIND $ids AS id
MATCH (p:Policy)-[:HAS_MEASURE|SETS_TARGET*1..2]->(:Target {id: id})
RETURN id, properties(p) AS node
