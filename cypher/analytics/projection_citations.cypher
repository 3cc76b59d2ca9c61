// name: projection_citations
// description: patent-to-patent citations with both years; mapped to organisation pairs in Python.
MATCH (a:Patent)-[:CITES]->(b:Patent)
RETURN a.id AS citing, b.id AS cited, a.year AS year, a.application_date AS date
