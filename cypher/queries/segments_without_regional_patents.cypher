// name: segments_without_regional_patents
// title: Chain segments with no patents from a region
// description: Segments of a chain where no organisation located in the region applied for a
//   classified patent: gaps in the regional chain, with the segment's total patents elsewhere.
// param: chain string required -- chain id (humanoid-robots) or its English or Chinese name
// param: region string required -- province or city (Jiangsu, Nanjing, CN-JS, 江苏省)
// returns: segment_id, segment_key, segment, position, patents_elsewhere, top_holders
MATCH (ch:IndustrialChain)-[:HAS_SEGMENT]->(s:ChainSegment)
WHERE ch.id = $chain OR s.chain_id = $chain OR ch.name_en = $chain OR ch.name_zh = $chain
WITH DISTINCT s
WHERE NOT EXISTS {
  MATCH (s)<-[:IN_SEGMENT]-(:Patent)<-[:APPLIED_FOR]-(o:Organization)
  WHERE o.province = $region OR o.city = $region
     OR EXISTS { MATCH (o)-[:LOCATED_IN*1..3]->(r:Region) WHERE r.name = $region OR r.name_zh = $region OR r.code = $region }
}
OPTIONAL MATCH (s)<-[:IN_SEGMENT]-(p:Patent)<-[:APPLIED_FOR]-(holder:Organization)
WITH s, count(DISTINCT p) AS patents_elsewhere, collect(DISTINCT holder.name) AS top_holders
RETURN s.id AS segment_id, s.key AS segment_key, s.name_en AS segment, s.position AS position,
       patents_elsewhere, top_holders
ORDER BY segment_key
