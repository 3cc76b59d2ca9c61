// name: place
// description: whether a province or city name, Chinese name or region code is known the way the saved
//   queries match it: an organisation's province or city, or a Region's name, Chinese name or code.
OPTIONAL MATCH (r:Region) WHERE r.name = $value OR r.name_zh = $value OR r.code = $value
WITH count(r) AS regions
OPTIONAL MATCH (o:Organization) WHERE regions = 0 AND (o.province = $value OR o.city = $value)
WITH regions, count(o) AS organizations
RETURN regions + organizations > 0 AS found
