// name: region_lookup
// description: Region nodes whose English name or code is one of the folded spellings in $texts, or whose Chinese name is
//   one of the spellings in $zh (江苏, 江苏省 ...); broadest level first.
MATCH (r:Region)
WHERE toLower(r.name) IN $texts OR r.name_zh IN $zh OR toLower(r.code) IN $texts
RETURN r.name AS name, r.code AS code, r.level AS level
ORDER BY CASE r.level WHEN "country" THEN 0 WHEN "province" THEN 1 ELSE 2 END, r.code
LIMIT 5
