// name: organization_names
// description: organisation names containing the value or one of its aliases doing so, most patents
//   first (suggestions for a name that is not exact).
MATCH (o:Organization)
WHERE o.name CONTAINS $value OR any(a IN coalesce(o.aliases, []) WHERE a CONTAINS $value)
RETURN o.name AS name
ORDER BY coalesce(o.patent_count, 0) DESC, name
LIMIT 5
