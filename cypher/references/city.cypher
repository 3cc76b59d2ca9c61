// name: city
// description: whether some organisation has this city (as queries matching o.city compare it).
OPTIONAL MATCH (o:Organization) WHERE o.city = $value
WITH o LIMIT 1
RETURN o IS NOT NULL AS found
