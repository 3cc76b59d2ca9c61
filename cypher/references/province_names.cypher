// name: province_names
// description: every organisation province, for suggestions.
MATCH (o:Organization) WHERE o.province IS NOT NULL
RETURN DISTINCT o.province AS name
