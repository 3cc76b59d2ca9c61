// name: organizations_of_inventors
// description: organisations each inventor filed with, most shared patents first (DataLoader batch).
UNWIND $ids AS id
MATCH (:Inventor {id: id})-[r:AFFILIATED_WITH]->(o:Organization)
RETURN id, properties(o) AS node, r.patents AS shared
ORDER BY id, coalesce(r.patents, 0) DESC, o.id
