// name: invention_patents_by_year
// title: Invention patents of a region's applicants in a chain or IPC field, per filing year
// description: Distinct invention patents (valid ones only by default: the "effective invention
//   patents" of policy targets) with at least one applicant in the province, classified into a
//   segment of the chain or carrying an IPC code with the prefix, counted per application year.
//   Cumulate the rows for a stock.
// param: province string default=Jiangsu -- applicant province; empty = all
// param: chain string default="" -- chain id (large-ai-models); empty = IPC prefix only
// param: ipc_prefix string default="" -- IPC prefix (G06N); empty = chain only
// param: valid_only bool default=true
// param: from_year int default=1900 range=1900..2200
// param: to_year int default=2200 range=1900..2200
// returns: year, value
MATCH (o:Organization)-[:APPLIED_FOR]->(p:Patent)
WHERE p.type = 'invention' AND p.year >= $from_year AND p.year <= $to_year
  AND ($province = '' OR o.province = $province)
  AND ($valid_only = false OR p.valid = true)
  AND (($chain <> '' AND EXISTS { MATCH (p)-[:IN_SEGMENT]->(s:ChainSegment) WHERE s.chain_id = $chain })
       OR ($ipc_prefix <> '' AND any(c IN coalesce(p.ipc, []) WHERE c STARTS WITH $ipc_prefix)))
WITH p.year AS year, count(DISTINCT p) AS value
RETURN year, value
ORDER BY year
