// name: province
// description: whether some organisation has this province (as queries matching o.province compare it).
OPTIONAL MATCH (o:Organization) WHERE o.province = $value
WITH o LIMIT 1
RETURN o IS NOT NULL AS found
