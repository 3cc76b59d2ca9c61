// name: region_in_data
// description: for a name no Region node knows: an organisation placed in this English province or
//   city name, or a policy carrying this region code (null columns when there is none).
OPTIONAL MATCH (o:Organization)
WHERE toLower(o.province) = $text OR toLower(o.city) = $text
WITH collect(o)[0] AS o
OPTIONAL MATCH (p:Policy)
WHERE toLower(p.region) = $text
WITH o, collect(p)[0] AS p
RETURN CASE WHEN o IS NULL THEN null WHEN toLower(o.city) = $text THEN o.city ELSE o.province END AS name,
       CASE WHEN o IS NULL THEN null WHEN toLower(o.city) = $text THEN "city" ELSE "province" END AS level,
       p.region AS code
