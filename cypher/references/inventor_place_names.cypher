// name: inventor_place_names
// description: every inventor province and city, for suggestions.
MATCH (i:Inventor)
UNWIND [i.province, i.city] AS name
WITH name WHERE name IS NOT NULL
RETURN DISTINCT name
