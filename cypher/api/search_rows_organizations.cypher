// name: search_rows_organizations
// description: what the API's search index holds of every organisation: the texts search_organizations
//   compares (name, aliases, normalised name) and its sort key.
MATCH (o:Organization)
RETURN o.id AS id, o.name AS name, coalesce(o.aliases, []) AS aliases, o.name_norm AS name_norm,
       coalesce(o.patent_count, 0) AS rank
