// name: invention_growth_by_city
// title: Growth of invention patents in a technology per city and year
// description: Invention patents per applicant city and application year whose IPC codes start with
//   a prefix (G06N: artificial intelligence) or that are classified into a chain segment; a patent
//   with applicants in two cities counts for both. Defaults to AI in Jiangsu.
// param: ipc_prefix string default=G06N -- IPC prefix; empty = use only the segment
// param: segment string default="" -- chain segment key, id or name; empty = use only the prefix
// param: region string default=Jiangsu -- province of the applicants; empty = all
// param: from_year int default=1990 range=1900..2200
// param: to_year int default=2100 range=1900..2200
// returns: city, year, patents
MATCH (o:Organization)-[:APPLIED_FOR]->(p:Patent)
WHERE p.type = 'invention'
  AND p.year >= $from_year AND p.year <= $to_year
  AND ($region = '' OR o.province = $region)
  AND (($ipc_prefix <> '' AND any(c IN coalesce(p.ipc, []) WHERE c STARTS WITH $ipc_prefix))
       OR ($segment <> '' AND EXISTS {
             MATCH (p)-[:IN_SEGMENT]->(s:ChainSegment)
             WHERE s.key = $segment OR s.id = $segment OR s.name_en = $segment OR s.name_zh = $segment }))
WITH o.city AS city, p.year AS year, count(DISTINCT p) AS patents
RETURN city, year, patents
ORDER BY city, year
