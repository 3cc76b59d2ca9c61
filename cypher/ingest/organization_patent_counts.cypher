// name: organization_patent_counts
// description: refresh `patent_count` of the given organisations (the API lists organisations by it).
UNWIND $ids AS id
MATCH (o:Organization {id: id})
OPTIONAL MATCH (o)-[:APPLIED_FOR]->(p:Patent)
WITH o, count(p) AS n
SET o.patent_count = n
RETURN count(o) AS updated
