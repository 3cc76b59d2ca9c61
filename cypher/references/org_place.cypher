// name: org_place
// description: whether some organisation has this province or city (as queries matching o.province or
//   o.city compare it).
OPTIONAL MATCH (o:Organization) WHERE o.province = $value OR o.city = $value
WITH o LIMIT 1
RETURN o IS NOT NULL AS found
