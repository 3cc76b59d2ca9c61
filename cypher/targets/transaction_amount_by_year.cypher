// name: transaction_amount_by_year
// title: Amount of patent transactions with a party in a province, per year
// description: The sum of recorded amounts (yuan; events without an amount add nothing) of effective
//   transactions of the given kinds with at least one party in the province, per year; a contract
//   (its number, else the event) counts once however many patents it covers.
// param: province string default=Jiangsu -- empty = all
// param: kinds list[string] default=transfer,licence values=transfer|licence|pledge
// param: from_year int default=1900 range=1900..2200
// param: to_year int default=2200 range=1900..2200
// returns: year, value
MATCH (t:PatentTransaction)
WHERE t.event = 'effective' AND t.kind IN $kinds AND t.year >= $from_year AND t.year <= $to_year
  AND ($province = '' OR EXISTS { MATCH (t)-[:FROM_PARTY|TO_PARTY]->(o:Organization) WHERE o.province = $province })
WITH t.year AS year, collect(DISTINCT [coalesce(t.contract_number, t.id), coalesce(t.amount, 0.0)]) AS contracts
RETURN year, reduce(total = 0.0, c IN contracts | total + c[1]) AS value
ORDER BY year
