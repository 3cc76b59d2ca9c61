// name: organizations_bridging_cities
// title: Organisations bridging two cities
// description: Organisations that co-applied for patents both with partners located in one city and
//   with partners located in another: brokers between two local innovation systems.
// param: city_a string required -- city name as stored on organisations (Nanjing)
// param: city_b string required -- another city (Suzhou)
// param: limit int default=50 range=1..1000
// returns: organization_id, name, kind, city, partners_a, partners_b, patents_a, patents_b
MATCH (o:Organization)-[:APPLIED_FOR]->(p:Patent)<-[:APPLIED_FOR]-(partner:Organization)
WHERE partner.city IN [$city_a, $city_b] AND partner <> o
WITH o,
     collect(DISTINCT CASE WHEN partner.city = $city_a THEN partner.name END) AS partners_a,
     collect(DISTINCT CASE WHEN partner.city = $city_b THEN partner.name END) AS partners_b,
     collect(DISTINCT CASE WHEN partner.city = $city_a THEN p.id END) AS patents_a,
     collect(DISTINCT CASE WHEN partner.city = $city_b THEN p.id END) AS patents_b
WHERE size(partners_a) > 0 AND size(partners_b) > 0
RETURN o.id AS organization_id, o.name AS name, o.kind AS kind, o.city AS city,
       partners_a, partners_b, size(patents_a) AS patents_a, size(patents_b) AS patents_b
ORDER BY size(partners_a) + size(partners_b) DESC, name
LIMIT $limit
