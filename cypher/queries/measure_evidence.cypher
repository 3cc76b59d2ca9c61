// name: measure_evidence
// title: The sentence behind a policy measure
// description: The text and character span of a measure in its policy, the policy's title, number
//   and date, the organisations named in it (with their spans), its targets and targeted segments.
//   Give a measure id, or a policy (id, number or title) and the measure's ordinal.
// param: measure string default="" -- measure id; empty = use policy and ordinal
// param: policy string default="" -- policy id, document number or title
// param: ordinal int default=0 range=0.. -- measure ordinal within the policy
// returns: measure_id, policy_title, doc_number, policy_date, ordinal, section, text, span_start, span_end, organizations, targets, segments
MATCH (pol:Policy)-[:HAS_MEASURE]->(m:Measure)
WHERE m.id = $measure
   OR ($measure = '' AND (pol.id = $policy OR pol.doc_number = $policy OR pol.title = $policy) AND m.ordinal = $ordinal)
OPTIONAL MATCH (o:Organization)-[men:MENTIONED_IN]->(m)
WITH pol, m, collect(CASE WHEN o IS NULL THEN NULL ELSE
       {name: o.name, surface: men.surface, span_start: men.span_start, span_end: men.span_end} END) AS organizations
OPTIONAL MATCH (m)-[:SETS_TARGET]->(t:Target)
WITH pol, m, organizations,
     collect(CASE WHEN t IS NULL THEN NULL ELSE
       {metric: t.metric, comparator: t.comparator, value: t.value, unit: t.unit, deadline: t.deadline} END) AS targets
OPTIONAL MATCH (m)-[:TARGETS_SEGMENT]->(s:ChainSegment)
WITH pol, m, organizations, targets, collect(s.key) AS segments
RETURN m.id AS measure_id, pol.title AS policy_title, pol.doc_number AS doc_number, pol.date AS policy_date,
       m.ordinal AS ordinal, m.section AS section, m.text AS text, m.span_start AS span_start,
       m.span_end AS span_end, organizations, targets, segments
ORDER BY policy_title, ordinal
