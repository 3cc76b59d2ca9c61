// name: projection_inventions
// description: one row per (inventor, patent); co_inventor and affiliation ties are paired in Python.
MATCH (i:Inventor)-[:INVENTED]->(p:Patent)
RETURN i.id AS inventor, p.id AS patent, p.year AS year, p.application_date AS date
