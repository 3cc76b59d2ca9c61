// name: available_for_transfer
// title: Valid patents of an organisation still available for transfer
// description: The transfer-matching predicate as a query: valid patents the organisation applied for
//   that have not been transferred and are not under an active exclusive or sole licence
//   (`coalesce(p.transferred, false) = false AND coalesce(p.exclusively_licensed, false) = false`;
//   the flags are set by the transaction loader).
// param: organization_id string required
// param: limit int default=100 range=1..10000
// returns: patent_id, number, title, year, licensed, pledged
MATCH (o:Organization {id: $organization_id})-[:APPLIED_FOR]->(p:Patent)
WHERE p.valid = true
  AND coalesce(p.transferred, false) = false AND coalesce(p.exclusively_licensed, false) = false
RETURN p.id AS patent_id, p.number AS number, p.title AS title, p.year AS year,
       coalesce(p.licensed, false) AS licensed, coalesce(p.pledged, false) AS pledged
ORDER BY year DESC, number
LIMIT $limit
