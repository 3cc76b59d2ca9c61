// name: university_firm_pairs
// title: University-firm co-application pairs
// description: Pairs of a university (or research institute) and a firm that filed patents
//   together, with how many and over which years; optionally only pairs where either side is in a
//   region.
// param: region string default="" -- province or city of either partner; empty = all
// param: include_institutes bool default=false -- count research institutes as the academic side
// param: min_patents int default=1 range=1..
// param: limit int default=50 range=1..1000
// returns: academic_id, academic, academic_kind, firm_id, firm, patents, first_year, last_year, cities
MATCH (u:Organization)-[:APPLIED_FOR]->(p:Patent)<-[:APPLIED_FOR]-(f:Organization {kind: 'firm'})
WHERE (u.kind = 'university' OR ($include_institutes AND u.kind = 'research_institute'))
  AND ($region = '' OR u.province = $region OR u.city = $region OR f.province = $region OR f.city = $region)
WITH u, f, collect(DISTINCT p) AS patents
WHERE size(patents) >= $min_patents
RETURN u.id AS academic_id, u.name AS academic, u.kind AS academic_kind, f.id AS firm_id, f.name AS firm,
       size(patents) AS patents,
       reduce(m = 9999, p IN patents | CASE WHEN p.year < m THEN p.year ELSE m END) AS first_year,
       reduce(m = 0, p IN patents | CASE WHEN p.year > m THEN p.year ELSE m END) AS last_year,
       u.city + ' - ' + f.city AS cities
ORDER BY patents DESC, academic, firm
LIMIT $limit
