// name: pledge_volume_by_city_year
// title: Patent pledge volume by pledgor city and year
// description: Effective pledge registrations per city of the pledgor (FROM_PARTY) and year: events,
//   distinct patents, distinct contracts (registration number, else the event) and the amount pledged,
//   counting each contract's amount once. A contract with pledgors in two cities counts for both.
// param: province string default="" -- province of the pledgor (Jiangsu); empty = all
// param: from_year int default=1900 range=1900..2200
// param: to_year int default=2200 range=1900..2200
// returns: city, year, pledges, patents, contracts, amount
MATCH (t:PatentTransaction)-[:FROM_PARTY]->(o:Organization)
WHERE t.kind = 'pledge' AND t.event = 'effective' AND t.year >= $from_year AND t.year <= $to_year
  AND ($province = '' OR o.province = $province)
MATCH (t)-[:TRANSACTION_OF]->(p:Patent)
WITH coalesce(o.city, '') AS city, t.year AS year, t, p
WITH city, year, count(DISTINCT t) AS pledges, count(DISTINCT p) AS patents,
     collect(DISTINCT coalesce(t.contract_number, t.id)) AS contract_keys,
     collect(DISTINCT [coalesce(t.contract_number, t.id), coalesce(t.amount, 0.0)]) AS amounts
RETURN city, year, pledges, patents, size(contract_keys) AS contracts,
       reduce(total = 0.0, a IN amounts | total + a[1]) AS amount
ORDER BY city, year
