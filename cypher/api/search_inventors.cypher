// name: search_inventors
// description: inventors whose name or alias contains the folded text; score 3 exact, 2 prefix, 1 substring.
MATCH (i:Inventor)
WITH i, toLower(coalesce(i.name, "")) AS name, [a IN coalesce(i.aliases, []) | toLower(a)] AS aliases
WHERE name CONTAINS $text OR any(a IN aliases WHERE a CONTAINS $text)
WITH i, CASE
    WHEN name = $text OR $text IN aliases THEN 3
    WHEN name STARTS WITH $text OR any(a IN aliases WHERE a STARTS WITH $text) THEN 2
    ELSE 1 END AS score
RETURN properties(i) AS node, score
ORDER BY score DESC, coalesce(i.patent_count, 0) DESC, i.id
LIMIT $limit
