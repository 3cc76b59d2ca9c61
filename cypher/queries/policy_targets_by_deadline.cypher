// name: policy_targets_by_deadline
// title: Policy targets by deadline
// description: Quantified targets of policies, set by one of their measures or by the plan itself
//   (plan-level targets have no measure), ordered by deadline year, optionally only policies of a
//   region code (CN-JS also matches CN-JS-...) and deadlines in a year window.
// param: region string default="" -- policy region code (CN, CN-JS); empty = all
// param: from_year int default=1990 range=1900..2200
// param: to_year int default=2100 range=1900..2200
// returns: deadline, metric, comparator, value, unit, policy_title, policy_region, measure_ordinal, measure_id, target_id
MATCH (pol:Policy)-[:HAS_MEASURE|SETS_TARGET*1..2]->(t:Target)
WHERE ($region = '' OR pol.region = $region OR pol.region STARTS WITH $region + '-')
  AND t.deadline >= $from_year AND t.deadline <= $to_year
WITH DISTINCT pol, t
OPTIONAL MATCH (pol)-[:HAS_MEASURE]->(m:Measure)-[:SETS_TARGET]->(t)
RETURN t.deadline AS deadline, t.metric AS metric, t.comparator AS comparator, t.value AS value, t.unit AS unit,
       pol.title AS policy_title, pol.region AS policy_region, m.ordinal AS measure_ordinal, m.id AS measure_id,
       t.id AS target_id
ORDER BY deadline, policy_title, coalesce(measure_ordinal, 0), metric
