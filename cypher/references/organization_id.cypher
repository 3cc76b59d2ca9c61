// name: organization_id
// description: whether an organisation has this id (filters that take an organisation id only).
OPTIONAL MATCH (o:Organization {id: $value})
RETURN o IS NOT NULL AS found
