// name: policies_count
// description: how many policies match the filters of policies_page.
MATCH (p:Policy)
WHERE ($region IS NULL OR p.region = $region OR p.region STARTS WITH $region + "-")
  AND ($title IS NULL OR toLower(p.title) CONTAINS $title)
RETURN count(p) AS total
