// name: orgs_by_ids
// description: organisations by id (resolution of transaction parties and consortium members).
UNWIND $ids AS oid
MATCH (o:Organization {id: oid})
RETURN o.id AS id, o.name AS name, o.name_norm AS name_norm, o.kind AS kind
