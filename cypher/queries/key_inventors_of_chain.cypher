// name: key_inventors_of_chain
// title: Key inventors and their teams in a chain and region
// description: Inventors of the chain's patents (IN_SEGMENT) applied for by an organisation located in
//   the region (LOCATED_IN, directly or via the region hierarchy), in an application-year window: most
//   such patents first; with the segments they cover, the local applicants they invent for, and their
//   team (co-inventors on those patents, most shared patents first) and its size. The patent
//   navigation report's "key inventors and teams".
// param: chain string required -- chain id, key (humanoid-robots), English or Chinese name
// param: region string required -- Region name, Chinese name or code (Jiangsu, 江苏省, CN-JS)
// param: from_year int -- first application year, inclusive; empty = no bound
// param: to_year int -- last application year, inclusive; empty = no bound
// param: limit int default=10 range=1..200
// returns: inventor_id, name, patents, segments, organizations, team, team_size
MATCH (c:IndustrialChain)-[:HAS_SEGMENT]->(s:ChainSegment)
WHERE c.id = $chain OR c.key = $chain OR s.chain_id = $chain OR c.name_en = $chain OR c.name_zh = $chain
WITH DISTINCT s
MATCH (r:Region)
WHERE r.name = $region OR r.name_zh = $region OR r.code = $region
MATCH (s)<-[:IN_SEGMENT]-(p:Patent)<-[:APPLIED_FOR]-(o:Organization)-[:LOCATED_IN*1..3]->(r)
WHERE ($from_year IS NULL OR p.year >= $from_year) AND ($to_year IS NULL OR p.year <= $to_year)
WITH DISTINCT p, o.name AS applicant, s.key AS segment
MATCH (i:Inventor)-[:INVENTED]->(p)
WITH i, collect(DISTINCT p) AS patents, collect(DISTINCT segment) AS segments,
     collect(DISTINCT applicant) AS organizations
ORDER BY size(patents) DESC, i.name, i.id
LIMIT $limit
UNWIND patents AS p
OPTIONAL MATCH (p)<-[:INVENTED]-(co:Inventor)
WHERE co <> i
WITH i, size(patents) AS patents, segments, organizations, co, count(DISTINCT p) AS shared
ORDER BY patents DESC, i.name, i.id, shared DESC, co.name, co.id
WITH i, patents, segments, organizations, collect(co.name) AS team, count(co) AS team_size
RETURN i.id AS inventor_id, i.name AS name, patents, segments, organizations, team[..5] AS team, team_size
ORDER BY patents DESC, name, inventor_id
