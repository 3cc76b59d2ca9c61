// name: patents_of_inventors
// description: one page of each inventor's patents (newest first) and its total (DataLoader batch).
UNWIND $ids AS id
MATCH (:Inventor {id: id})-[:INVENTED]->(p:Patent)
WITH DISTINCT id, p
ORDER BY p.year DESC, p.id
WITH id, collect(p) AS patents
RETURN id, size(patents) AS total, [x IN patents[$skip..$end] | properties(x)] AS nodes
