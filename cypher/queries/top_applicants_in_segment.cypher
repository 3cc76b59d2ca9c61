// name: top_applicants_in_segment
// title: Top applicants in a chain segment and region
// description: Organisations with the most patents classified into one chain segment (IN_SEGMENT at
//   or above a confidence), optionally only those located in a region and of one kind. Co-applied
//   patents count for every applicant.
// param: segment string required -- segment id, key (reducer), English or Chinese name
// param: chain string default="" -- chain id (humanoid-robots) when segment keys are ambiguous; empty = any
// param: region string default="" -- province or city (Jiangsu, Nanjing, 南京市, CN-JS); empty = all
// param: kind string default="" values=firm|university|research_institute|government|hospital|individual|other|"" -- organisation kind; empty = all
// param: min_confidence float default=0.0 range=0..1 -- lowest IN_SEGMENT confidence counted
// param: limit int default=20 range=1..1000
// returns: organization_id, name, kind, city, province, patents, inventions, first_year, last_year
MATCH (s:ChainSegment)
WHERE (s.id = $segment OR s.key = $segment OR s.name_en = $segment OR s.name_zh = $segment)
  AND ($chain = '' OR s.chain_id = $chain)
MATCH (s)<-[seg:IN_SEGMENT]-(p:Patent)<-[:APPLIED_FOR]-(o:Organization)
WHERE coalesce(seg.confidence, 1.0) >= $min_confidence
  AND ($kind = '' OR o.kind = $kind)
  AND ($region = '' OR o.province = $region OR o.city = $region
       OR EXISTS { MATCH (o)-[:LOCATED_IN*1..3]->(r:Region) WHERE r.name = $region OR r.name_zh = $region OR r.code = $region })
WITH o, collect(DISTINCT p) AS patents
RETURN o.id AS organization_id, o.name AS name, o.kind AS kind, o.city AS city, o.province AS province,
       size(patents) AS patents,
       size([p IN patents WHERE p.type = 'invention']) AS inventions,
       reduce(m = 9999, p IN patents | CASE WHEN p.year < m THEN p.year ELSE m END) AS first_year,
       reduce(m = 0, p IN patents | CASE WHEN p.year > m THEN p.year ELSE m END) AS last_year
ORDER BY patents DESC, name
LIMIT $limit
