// name: search_rows_inventors
// description: what the API's search index holds of every inventor: the texts search_inventors
//   compares (name, aliases) and its sort key.
MATCH (i:Inventor)
RETURN i.id AS id, i.name AS name, coalesce(i.aliases, []) AS aliases, null AS name_norm,
       coalesce(i.patent_count, 0) AS rank
