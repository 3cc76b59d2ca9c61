// name: target
// description: one Target with the policy that sets it (through a measure or directly).
MATCH (t:Target {id: $id})
OPTIONAL MATCH (pm:Policy)-[:HAS_MEASURE]->(:Measure)-[:SETS_TARGET]->(t)
OPTIONAL MATCH (pd:Policy)-[:SETS_TARGET]->(t)
WITH t, coalesce(pm, pd) AS p
RETURN t.id AS id, t.metric AS metric, t.comparator AS comparator, t.value AS value, t.unit AS unit,
       t.normalised_value AS normalised_value, t.normalised_unit AS normalised_unit, t.baseline AS baseline,
       t.deadline AS deadline, p.id AS policy_id, p.title AS policy_title, p.region AS policy_region,
       p.period_start AS period_start, p.period_end AS period_end
LIMIT 1
