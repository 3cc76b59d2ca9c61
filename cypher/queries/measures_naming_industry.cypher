// name: measures_naming_industry
// title: Policy measures naming an industry or technology
// description: Measures whose industry labels include the term, whose targeted chain segments have
//   it as key or name, or whose text contains it; with the policy and the segments targeted.
// param: term string required -- industry label (robotics), segment key or name, or a word of the text (减速器)
// param: region string default="" -- policy region code (CN, CN-JS); empty = all
// returns: policy_title, policy_region, measure_id, ordinal, text, industries, segments
MATCH (pol:Policy)-[:HAS_MEASURE]->(m:Measure)
WHERE ($region = '' OR pol.region = $region)
OPTIONAL MATCH (m)-[:TARGETS_SEGMENT]->(s:ChainSegment)
WITH pol, m, collect(s) AS segs
WHERE $term IN coalesce(m.industries, [])
   OR m.text CONTAINS $term
   OR any(s IN segs WHERE s.key = $term OR s.name_en = $term OR s.name_zh = $term)
RETURN pol.title AS policy_title, pol.region AS policy_region, m.id AS measure_id, m.ordinal AS ordinal,
       m.text AS text, m.industries AS industries, [s IN segs | s.key] AS segments
ORDER BY policy_title, ordinal
