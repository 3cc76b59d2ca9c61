// name: organization
// description: whether an organisation has this id or name.
OPTIONAL MATCH (o:Organization) WHERE o.id = $value OR o.name = $value
WITH o LIMIT 1
RETURN o IS NOT NULL AS found
