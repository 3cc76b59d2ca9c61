// name: search_fulltext_inventors
// description: (Neo4j) inventors whose name or alias contains the folded $text, candidates from the
//   full-text index ($query, built by api.repositories.fulltext), best $limit by the in-memory index's
//   order (score 3 exact, 2 prefix, 1 substring; patent count; id), as its rows.
CALL db.index.fulltext.queryNodes("inventor_search_text", $query) YIELD node AS i
WITH i, replace(toLower(coalesce(i.name, "")), "\n", " ") AS name,
     [a IN coalesce(i.aliases, []) | replace(toLower(a), "\n", " ")] AS aliases
WHERE name CONTAINS $text OR any(a IN aliases WHERE a CONTAINS $text)
WITH i, CASE
    WHEN name = $text OR $text IN aliases THEN 3
    WHEN name STARTS WITH $text OR any(a IN aliases WHERE a STARTS WITH $text) THEN 2
    ELSE 1 END AS score
ORDER BY score DESC, coalesce(i.patent_count, 0) DESC, i.id
LIMIT $limit
RETURN i.id AS id, i.name AS name, coalesce(i.aliases, []) AS aliases, null AS name_norm,
       coalesce(i.patent_count, 0) AS rank, properties(i) AS node
