// name: org_place_names
// description: every organisation province and city, for suggestions.
MATCH (o:Organization)
UNWIND [o.province, o.city] AS name
WITH name WHERE name IS NOT NULL
RETURN DISTINCT name
