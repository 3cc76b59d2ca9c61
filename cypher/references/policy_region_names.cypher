// name: policy_region_names
// description: every policy region code, for suggestions.
MATCH (p:Policy) WHERE p.region IS NOT NULL
RETURN DISTINCT p.region AS name
