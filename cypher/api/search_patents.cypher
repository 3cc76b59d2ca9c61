// name: search_patents
// description: patents whose title contains the folded text (or whose number is it); score 3 exact, 2 prefix, 1 substring.
MATCH (p:Patent)
WITH p, toLower(coalesce(p.title, "")) AS title
WHERE title CONTAINS $text OR toLower(coalesce(p.number, "")) = $text
WITH p, CASE
    WHEN title = $text OR toLower(coalesce(p.number, "")) = $text THEN 3
    WHEN title STARTS WITH $text THEN 2
    ELSE 1 END AS score
RETURN properties(p) AS node, score
ORDER BY score DESC, p.year DESC, p.id
LIMIT $limit
