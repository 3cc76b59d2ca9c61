// name: declared_consortia_by_year
// title: Declared consortia and programmes per year declared
// description: Declared Consortium nodes (declared = true) of a kind (consortium, cultivation_centre,
//   patent_pool, ip_alliance; empty = all), optionally for one chain and a region text, per year
//   declared (undated ones count in from_year). Cumulate the rows for the number in existence.
// param: kind string default="" values=consortium|cultivation_centre|patent_pool|ip_alliance|""
// param: chain string default="" -- chain id; empty = all
// param: region string default="" -- region text as declared (江苏, 南京); empty = all
// param: from_year int default=1900 range=1900..2200
// param: to_year int default=2200 range=1900..2200
// returns: year, value
MATCH (c:Consortium)
WHERE c.declared = true AND ($kind = '' OR c.kind = $kind) AND ($chain = '' OR c.chain_id = $chain)
  AND ($region = '' OR coalesce(c.region, '') CONTAINS $region)
WITH c, coalesce(c.year, $from_year) AS year
WHERE year >= $from_year AND year <= $to_year
RETURN year, count(c) AS value
ORDER BY year
