// name: consortium_names
// description: every consortium name, for suggestions.
MATCH (c:Consortium) WHERE c.name IS NOT NULL
RETURN DISTINCT c.name AS name
