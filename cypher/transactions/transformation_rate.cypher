// name: transformation_rate
// title: Patent transformation rate of universities and research institutes
// description: Per organisation (universities and research institutes by default): its valid patents
//   (APPLIED_FOR, p.valid = true) and how many of them it transferred or licensed out (an effective
//   transfer or licence event naming it as FROM_PARTY) within `years` years of the patent's filing
//   date (anchor=application) or grant date (anchor=grant; the publication date when no grant date).
//   rate = transformed / valid_patents.
// param: years int default=5 range=0..50 -- window after the anchor date
// param: anchor string default=application values=application|grant
// param: kinds list[string] default=university,research_institute -- organisation kinds
// param: province string default="" -- province of the organisation (Jiangsu); empty = all
// param: min_patents int default=1 range=0.. -- leave out organisations with fewer valid patents
// returns: organization_id, name, kind, valid_patents, transformed, transferred, licensed, rate
MATCH (o:Organization)-[:APPLIED_FOR]->(p:Patent)
WHERE o.kind IN $kinds AND p.valid = true AND ($province = '' OR o.province = $province)
WITH o, p, CASE WHEN $anchor = 'grant' THEN coalesce(p.grant_date, p.publication_date) ELSE p.application_date END AS start
WITH o, p, toString(toInteger(substring(start, 0, 4)) + $years) + substring(start, 4) AS until
OPTIONAL MATCH (t:PatentTransaction)-[:TRANSACTION_OF]->(p)
WHERE t.event = 'effective' AND t.kind IN ['transfer', 'licence'] AND t.date <= until
  AND EXISTS { MATCH (t)-[:FROM_PARTY]->(o) }
WITH o, p, collect(DISTINCT t.kind) AS done
WITH o, count(p) AS valid_patents,
     sum(CASE WHEN size(done) > 0 THEN 1 ELSE 0 END) AS transformed,
     sum(CASE WHEN 'transfer' IN done THEN 1 ELSE 0 END) AS transferred,
     sum(CASE WHEN 'licence' IN done THEN 1 ELSE 0 END) AS licensed
WHERE valid_patents >= $min_patents
RETURN o.id AS organization_id, o.name AS name, o.kind AS kind, valid_patents, transformed, transferred, licensed,
       toFloat(transformed) / valid_patents AS rate
ORDER BY rate DESC, valid_patents DESC, name
