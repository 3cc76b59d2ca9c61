// name: segment_names
// description: every segment key, English and Chinese name, for suggestions.
MATCH (s:ChainSegment)
UNWIND [s.key, s.name_en, s.name_zh] AS name
WITH name WHERE name IS NOT NULL
RETURN DISTINCT name
