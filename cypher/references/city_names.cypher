// name: city_names
// description: every organisation city, for suggestions.
MATCH (o:Organization) WHERE o.city IS NOT NULL
RETURN DISTINCT o.city AS name
