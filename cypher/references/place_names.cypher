// name: place_names
// description: every region name, Chinese name and code, and every organisation province and city (the
//   names `place` accepts), for suggestions.
MATCH (r:Region)
UNWIND [r.name, r.name_zh, r.code] AS name
WITH name WHERE name IS NOT NULL
RETURN DISTINCT name
UNION
MATCH (o:Organization)
UNWIND [o.province, o.city] AS name
WITH name WHERE name IS NOT NULL
RETURN DISTINCT name
