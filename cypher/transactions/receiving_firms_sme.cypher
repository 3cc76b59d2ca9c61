// name: receiving_firms_sme
// title: Receiving firms with their size class (SME heuristic)
// description: Every firm that received patents by transfer or licence (as in top_receiving_firms),
//   with the patents it filed itself and whether it counts as an SME: fewer than `max_patents`
//   filed patents in the graph and no large-group or bank marker in its name (集团, Group, 银行, Bank).
// param: max_patents int default=50 range=1.. -- a firm filing fewer patents than this can be an SME
// param: kinds list[string] default=transfer,licence values=transfer|licence
// param: from_year int default=1900 range=1900..2200
// param: to_year int default=2200 range=1900..2200
// returns: organization_id, name, filed, received, sme
MATCH (t:PatentTransaction)-[:TO_PARTY]->(o:Organization)
WHERE t.event = 'effective' AND t.kind IN $kinds AND t.year >= $from_year AND t.year <= $to_year
  AND o.kind = 'firm' AND NOT EXISTS { MATCH (t)-[:FROM_PARTY]->(o) }
MATCH (t)-[:TRANSACTION_OF]->(p:Patent)
WITH o, count(DISTINCT p) AS received
OPTIONAL MATCH (o)-[:APPLIED_FOR]->(own:Patent)
WITH o, received, count(DISTINCT own) AS filed
RETURN o.id AS organization_id, o.name AS name, filed, received,
       filed < $max_patents AND NOT (o.name CONTAINS '集团' OR o.name CONTAINS '银行'
         OR toLower(o.name) CONTAINS 'group' OR toLower(o.name) CONTAINS 'bank') AS sme
ORDER BY received DESC, name
