// name: organizations_count
// description: how many organisations match the filters of organizations_page.
MATCH (o:Organization)
WHERE ($kind IS NULL OR o.kind = $kind)
  AND ($region IS NULL OR o.province = $region OR o.city = $region)
  AND ($name IS NULL OR toLower(o.name) CONTAINS $name OR coalesce(o.name_norm, "") CONTAINS $name
       OR any(a IN coalesce(o.aliases, []) WHERE toLower(a) CONTAINS $name))
RETURN count(o) AS total
