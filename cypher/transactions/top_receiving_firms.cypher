// name: top_receiving_firms
// title: Firms receiving the most patents by transfer or licence
// description: Firms named as TO_PARTY of effective transfer / licence events (not counting a firm that
//   is also a FROM_PARTY of the same event, i.e. a co-owner that stays), with the number of distinct
//   patents received, the events, and how many of those patents came from universities or institutes.
// param: kinds list[string] default=transfer,licence values=transfer|licence
// param: from_year int default=1900 range=1900..2200
// param: to_year int default=2200 range=1900..2200
// param: limit int default=20 range=1..1000
// returns: organization_id, name, city, province, patents, events, from_academia
MATCH (t:PatentTransaction)-[:TO_PARTY]->(o:Organization)
WHERE t.event = 'effective' AND t.kind IN $kinds AND t.year >= $from_year AND t.year <= $to_year
  AND o.kind = 'firm' AND NOT EXISTS { MATCH (t)-[:FROM_PARTY]->(o) }
MATCH (t)-[:TRANSACTION_OF]->(p:Patent)
OPTIONAL MATCH (t)-[:FROM_PARTY]->(f:Organization)
WHERE f.kind IN ['university', 'research_institute']
WITH o, p, t, count(f) AS academic
WITH o, count(DISTINCT p) AS patents, count(DISTINCT t) AS events,
     count(DISTINCT CASE WHEN academic > 0 THEN p.id END) AS from_academia
RETURN o.id AS organization_id, o.name AS name, o.city AS city, o.province AS province, patents, events,
       from_academia
ORDER BY patents DESC, events DESC, name
LIMIT $limit
