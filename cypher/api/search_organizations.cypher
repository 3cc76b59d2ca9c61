// name: search_organizations
// description: organisations whose name, alias or normalised name contains the folded text;
//   score 3 exact, 2 prefix, 1 substring.
MATCH (o:Organization)
WITH o, toLower(coalesce(o.name, "")) AS name, [a IN coalesce(o.aliases, []) | toLower(a)] AS aliases
WHERE name CONTAINS $text OR coalesce(o.name_norm, "") CONTAINS $text OR any(a IN aliases WHERE a CONTAINS $text)
WITH o, CASE
    WHEN name = $text OR $text IN aliases THEN 3
    WHEN name STARTS WITH $text OR any(a IN aliases WHERE a STARTS WITH $text) THEN 2
    ELSE 1 END AS score
RETURN properties(o) AS node, score
ORDER BY score DESC, coalesce(o.patent_count, 0) DESC, o.id
LIMIT $limit
