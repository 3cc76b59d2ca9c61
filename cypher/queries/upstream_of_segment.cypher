// name: upstream_of_segment
// title: Upstream supply of a chain segment
// description: Segments that feed a segment directly or through up to three FEEDS steps, with their
//   distance and how many of their patents come from organisations in a region.
// param: segment string required -- segment key, id or name
// param: region string default="" -- province or city of the applicants counted; empty = all
// returns: segment_id, segment_key, segment, position, distance, patents, regional_patents
MATCH (target:ChainSegment)
WHERE target.key = $segment OR target.id = $segment OR target.name_en = $segment OR target.name_zh = $segment
MATCH path = (up:ChainSegment)-[:FEEDS*1..3]->(target)
WITH up, min(length(path)) AS distance
OPTIONAL MATCH (up)<-[:IN_SEGMENT]-(p:Patent)<-[:APPLIED_FOR]-(o:Organization)
WITH up, distance, count(DISTINCT p) AS patents,
     count(DISTINCT CASE WHEN $region = '' OR o.province = $region OR o.city = $region THEN p END) AS regional_patents
RETURN up.id AS segment_id, up.key AS segment_key, up.name_en AS segment, up.position AS position,
       distance, patents, regional_patents
ORDER BY distance, segment_key
