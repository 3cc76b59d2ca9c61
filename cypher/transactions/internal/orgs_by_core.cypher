// name: orgs_by_core
// description: organisations whose key is `core` or `core #legal-form` (a name given without its legal form).
UNWIND $cores AS c
MATCH (o:Organization)
WHERE o.name_norm = c OR o.name_norm STARTS WITH c + ' #'
RETURN c AS core, o.id AS id, o.name AS name, o.name_norm AS name_norm, o.kind AS kind
