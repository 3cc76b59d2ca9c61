// name: feeds_of_segments
// description: the segments each segment feeds (downstream) and is fed by (upstream) (DataLoader batch).
UNWIND $ids AS id
MATCH (s:ChainSegment {id: id})
OPTIONAL MATCH (s)-[:FEEDS]->(down:ChainSegment)
WITH id, s, collect(DISTINCT down.id) AS feeds
OPTIONAL MATCH (up:ChainSegment)-[:FEEDS]->(s)
RETURN id, feeds, collect(DISTINCT up.id) AS fed_by
