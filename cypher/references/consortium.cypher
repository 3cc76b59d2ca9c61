// name: consortium
// description: whether a consortium has this id or name.
OPTIONAL MATCH (c:Consortium) WHERE c.id = $value OR c.name = $value
WITH c LIMIT 1
RETURN c IS NOT NULL AS found
