// name: organizations_in_policies_and_patents
// title: Organisations named in policies that also hold patents
// description: Organisations mentioned in a policy or one of its measures that applied for at least
//   one patent: where policy attention meets technical capacity.
// param: region string default="" -- province or city of the organisation; empty = all
// param: limit int default=50 range=1..1000
// returns: organization_id, name, kind, city, policies, mentions, patents
MATCH (o:Organization)-[:MENTIONED_IN]->(x)
WHERE ($region = '' OR o.province = $region OR o.city = $region)
OPTIONAL MATCH (x)<-[:HAS_MEASURE]-(owner:Policy)
WITH o, count(x) AS mentions,
     collect(DISTINCT CASE WHEN x:Policy THEN x.title ELSE owner.title END) AS policies
MATCH (o)-[:APPLIED_FOR]->(p:Patent)
WITH o, mentions, policies, count(DISTINCT p) AS patents
RETURN o.id AS organization_id, o.name AS name, o.kind AS kind, o.city AS city, policies, mentions, patents
ORDER BY patents DESC, name
LIMIT $limit
