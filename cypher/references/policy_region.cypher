// name: policy_region
// description: whether some policy has this region code (as queries matching pol.region compare it).
OPTIONAL MATCH (p:Policy) WHERE p.region = $value
WITH p LIMIT 1
RETURN p IS NOT NULL AS found
