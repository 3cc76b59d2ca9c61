// name: university_partners_outside_province
// title: A university's partners outside the province
// description: Organisations outside a province that co-applied for patents with a university (or
//   any organisation), with the shared patent count and years.
// param: university string required -- organisation id or name
// param: province string default=Jiangsu -- the home province; partners elsewhere are listed
// returns: organization_id, name, kind, province, city, patents, first_year, last_year
MATCH (u:Organization)
WHERE u.id = $university OR u.name = $university
MATCH (u)-[:APPLIED_FOR]->(p:Patent)<-[:APPLIED_FOR]-(o:Organization)
WHERE o <> u AND coalesce(o.province, '') <> $province
WITH o, collect(DISTINCT p) AS patents
RETURN o.id AS organization_id, o.name AS name, o.kind AS kind, o.province AS province, o.city AS city,
       size(patents) AS patents,
       reduce(m = 9999, p IN patents | CASE WHEN p.year < m THEN p.year ELSE m END) AS first_year,
       reduce(m = 0, p IN patents | CASE WHEN p.year > m THEN p.year ELSE m END) AS last_year
ORDER BY patents DESC, name
