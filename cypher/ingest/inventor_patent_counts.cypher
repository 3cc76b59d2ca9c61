// name: inventor_patent_counts
// description: refresh `patent_count` of the given inventors (patents they are named on) and `patents`
//   of their AFFILIATED_WITH edges (patents they invented that the organisation applied for); the API
//   reports both (Inventor.patentCount, Affiliation.sharedPatents).
UNWIND $ids AS id
MATCH (i:Inventor {id: id})
OPTIONAL MATCH (i)-[:INVENTED]->(p:Patent)
WITH i, count(DISTINCT p) AS n
SET i.patent_count = n
WITH i
MATCH (i)-[r:AFFILIATED_WITH]->(o:Organization)
OPTIONAL MATCH (i)-[:INVENTED]->(q:Patent)<-[:APPLIED_FOR]-(o)
WITH r, count(DISTINCT q) AS shared
SET r.patents = shared
RETURN count(r) AS updated
