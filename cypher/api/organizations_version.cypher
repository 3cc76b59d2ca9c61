// name: organizations_version
// description: a cheap fingerprint of the organisations for the API's order cache: how many there
//   are (tens of thousands at 1M patents: milliseconds) and the source Documents. A patent load
//   refreshes patent counts and then writes a Document, so it changes this row.
OPTIONAL MATCH (o:Organization)
WITH count(o) AS organizations
OPTIONAL MATCH (d:Document)
RETURN organizations, count(d) AS documents, max(d.first_load) AS loaded_at
