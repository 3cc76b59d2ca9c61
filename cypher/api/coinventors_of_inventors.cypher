// name: coinventors_of_inventors
// description: co-inventors of each inventor with the number of shared patents, most first,
//   at most $limit per inventor (DataLoader batch).
UNWIND $ids AS id
MATCH (:Inventor {id: id})-[:INVENTED]->(p:Patent)<-[:INVENTED]-(x:Inventor)
WHERE x.id <> id
WITH id, x, count(DISTINCT p) AS shared
ORDER BY shared DESC, x.id
WITH id, collect({node: properties(x), shared: shared}) AS partners
RETURN id, partners[0..$limit] AS partners
