// name: transactions_in_province
// title: Transactions staying in a province, flowing out and flowing in, per year
// description: Effective transactions (transfers and licences by default) with at least one party in
//   the province, per year: all of them, those whose parties are all in the province (within), those
//   from the province to a party outside it (outflow) and from outside into it (inflow). A party with
//   no known province counts as outside.
// param: province string default=Jiangsu
// param: kinds list[string] default=transfer,licence values=transfer|licence|pledge
// param: from_year int default=1900 range=1900..2200
// param: to_year int default=2200 range=1900..2200
// returns: year, total, within, outflow, inflow, share_within
MATCH (t:PatentTransaction)
WHERE t.event = 'effective' AND t.kind IN $kinds AND t.year >= $from_year AND t.year <= $to_year
OPTIONAL MATCH (t)-[:FROM_PARTY]->(f:Organization)
WITH t, collect(coalesce(f.province, '')) AS fp
OPTIONAL MATCH (t)-[:TO_PARTY]->(r:Organization)
WITH t, fp, collect(coalesce(r.province, '')) AS tp
WITH t, any(x IN fp WHERE x = $province) AS from_in, all(x IN fp WHERE x = $province) AS from_all,
     any(x IN tp WHERE x = $province) AS to_in, all(x IN tp WHERE x = $province) AS to_all
WHERE from_in OR to_in
WITH t.year AS year, count(t) AS total,
     sum(CASE WHEN from_all AND to_all THEN 1 ELSE 0 END) AS within,
     sum(CASE WHEN from_in AND NOT to_all THEN 1 ELSE 0 END) AS outflow,
     sum(CASE WHEN to_in AND NOT from_all THEN 1 ELSE 0 END) AS inflow
RETURN year, total, within, outflow, inflow, toFloat(within) / total AS share_within
ORDER BY year
