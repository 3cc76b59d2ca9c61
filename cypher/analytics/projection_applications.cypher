// name: projection_applications
// description: one row per (applicant organisation, patent) with the patent's year and date; the
//   projection pairs applicants of one patent into co_applicant ties in Python.
MATCH (o:Organization)-[:APPLIED_FOR]->(p:Patent)
RETURN o.id AS org, p.id AS patent, p.year AS year, p.application_date AS date
