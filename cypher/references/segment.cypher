// name: segment
// description: whether a chain segment has this id, key, English or Chinese name.
OPTIONAL MATCH (s:ChainSegment) WHERE s.id = $value OR s.key = $value OR s.name_en = $value OR s.name_zh = $value
WITH s LIMIT 1
RETURN s IS NOT NULL AS found
