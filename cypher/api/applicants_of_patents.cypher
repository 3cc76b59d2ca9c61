// name: applicants_of_patents
// description: applicant organisations of each patent, in filing order (DataLoader batch).
UNWIND $ids AS id
MATCH (o:Organization)-[r:APPLIED_FOR]->(:Patent {id: id})
RETURN id, properties(o) AS node
ORDER BY id, coalesce(r.sequence, 999999), o.id
