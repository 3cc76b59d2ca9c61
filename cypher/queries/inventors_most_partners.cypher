// name: inventors_most_partners
// title: Inventors with the most co-inventors
// description: Inventors ranked by how many distinct people they co-invented with, optionally only
//   inventors whose recorded province or city is a region; with their patent count and employers.
// param: region string default="" -- province or city of the inventor; empty = all
// param: limit int default=20 range=1..1000
// returns: inventor_id, name, city, partners, patents, organizations
MATCH (i:Inventor)-[:INVENTED]->(p:Patent)
WHERE $region = '' OR i.province = $region OR i.city = $region
OPTIONAL MATCH (p)<-[:INVENTED]-(other:Inventor)
WHERE other <> i
WITH i, count(DISTINCT other) AS partners, count(DISTINCT p) AS patents
OPTIONAL MATCH (i)-[:AFFILIATED_WITH]->(o:Organization)
WITH i, partners, patents, collect(DISTINCT o.name) AS organizations
RETURN i.id AS inventor_id, i.name AS name, i.city AS city, partners, patents, organizations
ORDER BY partners DESC, patents DESC, name
LIMIT $limit
