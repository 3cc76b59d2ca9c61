// name: transformed_patents_by_year
// title: Patents transferred or licensed out by universities and institutes, per year
// description: Distinct patents with an effective transfer or licence event whose FROM_PARTY is an
//   organisation of the given kinds in the province, per year of the event (a patent counts once a
//   year).
// param: province string default=Jiangsu -- province of the transferring organisation; empty = all
// param: org_kinds list[string] default=university,research_institute
// param: kinds list[string] default=transfer,licence values=transfer|licence
// param: from_year int default=1900 range=1900..2200
// param: to_year int default=2200 range=1900..2200
// returns: year, value
MATCH (t:PatentTransaction)-[:FROM_PARTY]->(o:Organization)
WHERE t.event = 'effective' AND t.kind IN $kinds AND t.year >= $from_year AND t.year <= $to_year
  AND o.kind IN $org_kinds AND ($province = '' OR o.province = $province)
MATCH (t)-[:TRANSACTION_OF]->(p:Patent)
WITH t.year AS year, count(DISTINCT p) AS value
RETURN year, value
ORDER BY year
