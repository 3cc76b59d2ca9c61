// name: organizations_page
// description: one page of organisations, most patents first, filtered by kind, region (English
//   province or city name) and a case-folded substring of the name, an alias or the normalised name.
MATCH (o:Organization)
WHERE ($kind IS NULL OR o.kind = $kind)
  AND ($region IS NULL OR o.province = $region OR o.city = $region)
  AND ($name IS NULL OR toLower(o.name) CONTAINS $name OR coalesce(o.name_norm, "") CONTAINS $name
       OR any(a IN coalesce(o.aliases, []) WHERE toLower(a) CONTAINS $name))
// the page is cut before properties are read: sorting whole property maps costs 3x at 100k
WITH o ORDER BY coalesce(o.patent_count, 0) DESC, o.id SKIP $skip LIMIT $limit
RETURN properties(o) AS node
