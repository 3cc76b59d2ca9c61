// name: policies_page
// description: one page of policies, newest first, optionally within a region code (CN-JS also
//   matches CN-JS-...) and a case-folded title substring.
MATCH (p:Policy)
WHERE ($region IS NULL OR p.region = $region OR p.region STARTS WITH $region + "-")
  AND ($title IS NULL OR toLower(p.title) CONTAINS $title)
// the page is cut before properties are read: sorting whole property maps costs 3x at 100k
WITH p ORDER BY coalesce(p.date, "") DESC, p.id SKIP $skip LIMIT $limit
RETURN properties(p) AS node
