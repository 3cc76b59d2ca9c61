// name: region
// description: Region nodes a planner's text names: the Region id, the English name or code
//   (case-folded, as typed or without syllable marks: the spellings in $texts) or the Chinese name (one of the spellings in $zh: 苏州, 苏州市 ...);
//   with the ids of the regions inside each one (LOCATED_IN*1..2: province -> cities,
//   country -> provinces and cities) and how many LOCATED_IN edges of organisations end in it or inside
//   it, so the caller can prefer the broadest, then the best-populated match.
MATCH (r:Region)
WHERE r.id = $raw OR toLower(r.name) IN $texts OR toLower(r.code) IN $texts OR r.name_zh IN $zh
OPTIONAL MATCH (d:Region)-[:LOCATED_IN*1..2]->(r)
WITH r, collect(DISTINCT d.id) AS inside
RETURN r.id AS id, r.name AS name, r.name_zh AS name_zh, r.code AS code, r.level AS level, inside,
       COUNT { (o:Organization)-[:LOCATED_IN]->(g:Region) WHERE g = r OR g.id IN inside } AS placements
