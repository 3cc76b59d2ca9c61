// name: inventors_of_patents
// description: inventors of each patent, in the order named (DataLoader batch).
UNWIND $ids AS id
MATCH (i:Inventor)-[r:INVENTED]->(:Patent {id: id})
RETURN id, properties(i) AS node
ORDER BY id, coalesce(r.sequence, 999999), i.id
