// name: inventor_place
// description: whether some inventor has this province or city.
OPTIONAL MATCH (i:Inventor) WHERE i.province = $value OR i.city = $value
WITH i LIMIT 1
RETURN i IS NOT NULL AS found
