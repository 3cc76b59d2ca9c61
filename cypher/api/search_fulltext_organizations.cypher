// name: search_fulltext_organizations
// description: (Neo4j) organisations whose name, alias or normalised name contains the folded $text,
//   candidates from the full-text index ($query, built by api.repositories.fulltext), best $limit by
//   the in-memory index's order (score 3 exact, 2 prefix, 1 substring; patent count; id), as its rows.
CALL db.index.fulltext.queryNodes("organization_search_text", $query) YIELD node AS o
WITH o, replace(toLower(coalesce(o.name, "")), "\n", " ") AS name,
     [a IN coalesce(o.aliases, []) | replace(toLower(a), "\n", " ")] AS aliases,
     replace(toLower(coalesce(o.name_norm, "")), "\n", " ") AS norm
WHERE name CONTAINS $text OR norm CONTAINS $text OR any(a IN aliases WHERE a CONTAINS $text)
WITH o, CASE
    WHEN name = $text OR $text IN aliases THEN 3
    WHEN name STARTS WITH $text OR any(a IN aliases WHERE a STARTS WITH $text) THEN 2
    ELSE 1 END AS score
ORDER BY score DESC, coalesce(o.patent_count, 0) DESC, o.id
LIMIT $limit
RETURN o.id AS id, o.name AS name, coalesce(o.aliases, []) AS aliases, o.name_norm AS name_norm,
       coalesce(o.patent_count, 0) AS rank, properties(o) AS node
