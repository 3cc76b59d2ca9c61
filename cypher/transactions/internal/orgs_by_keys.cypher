// name: orgs_by_keys
// description: organisations whose resolution key (name_norm) is one of $keys.
UNWIND $keys AS k
MATCH (o:Organization {name_norm: k})
RETURN k AS key, o.id AS id, o.name AS name, o.name_norm AS name_norm, o.kind AS kind
