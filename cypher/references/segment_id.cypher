// name: segment_id
// description: whether a chain segment has this id (filters that take a segment id only).
OPTIONAL MATCH (s:ChainSegment {id: $value})
RETURN s IS NOT NULL AS found
