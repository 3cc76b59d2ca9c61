// name: consortium_patents_by_segment
// title: Patents of a consortium's members by chain segment
// description: For one consortium, the patents its members applied for, counted per chain segment
//   (a patent co-applied by two members counts once), with the members active in each segment.
// param: consortium string required -- consortium id or name
// param: limit int default=100 range=1..1000
// returns: segment_id, segment_key, segment, position, patents, members
MATCH (c:Consortium)
WHERE c.id = $consortium OR c.name = $consortium
MATCH (c)<-[:MEMBER_OF]-(o:Organization)-[:APPLIED_FOR]->(p:Patent)-[:IN_SEGMENT]->(s:ChainSegment)
WITH s, count(DISTINCT p) AS patents, collect(DISTINCT o.name) AS members
RETURN s.id AS segment_id, s.key AS segment_key, s.name_en AS segment, s.position AS position, patents, members
ORDER BY patents DESC, segment_key
LIMIT $limit
