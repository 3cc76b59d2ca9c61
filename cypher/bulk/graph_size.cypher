// name: graph_size
// description: nodes of the graph other than the schema's version record; a bulk load starts only
//   when it is 0 (the import tool replaces the whole database).
MATCH (n)
WHERE NOT n:SchemaVersion
RETURN count(n) AS nodes
