// name: projection_organizations
// description: every organisation with the properties the collaboration projection keeps.
MATCH (o:Organization)
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.city AS city, o.province AS province
