// name: projection_affiliations
// description: declared inventor-organisation affiliations with their shared-patent count.
MATCH (i:Inventor)-[r:AFFILIATED_WITH]->(o:Organization)
RETURN i.id AS inventor, o.id AS org, r.patents AS patents
