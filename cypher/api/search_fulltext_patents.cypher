// name: search_fulltext_patents
// description: (Neo4j) patents whose title contains the folded $text or whose number is it, candidates
//   from the full-text index ($query, built by api.repositories.fulltext), best $limit by the in-memory
//   index's order (score 3 exact title or number, 2 prefix, 1 substring; year, missing last; id), as its rows.
CALL db.index.fulltext.queryNodes("patent_search_text", $query) YIELD node AS p
WITH p, replace(toLower(coalesce(p.title, "")), "\n", " ") AS title, toLower(coalesce(p.number, "")) AS number
WHERE title CONTAINS $text OR number = $text
WITH p, CASE
    WHEN title = $text OR number = $text THEN 3
    WHEN title STARTS WITH $text THEN 2
    ELSE 1 END AS score
ORDER BY score DESC, p.year IS NULL, p.year DESC, p.id
LIMIT $limit
RETURN p.id AS id, p.title AS name, [] AS aliases, p.number AS number, p.year AS rank, properties(p) AS node
