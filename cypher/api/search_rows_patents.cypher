// name: search_rows_patents
// description: what the API's search index holds of every patent with a title or number: the texts
//   search_patents compares (title; the number matches only whole) and its sort key (year).
MATCH (p:Patent)
WHERE p.title IS NOT NULL OR p.number IS NOT NULL
RETURN p.id AS id, p.title AS name, [] AS aliases, p.number AS number, p.year AS rank
