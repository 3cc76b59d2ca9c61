// name: search_version
// description: a cheap fingerprint of what the API's search index holds: the number of organisations
//   (milliseconds) and the source Documents (every patent or policy load writes one). Counting patents
//   and inventors as well costs seconds at 1M patents on ArcadeDB, on every re-check.
OPTIONAL MATCH (o:Organization)
WITH count(o) AS organizations
OPTIONAL MATCH (d:Document)
RETURN organizations, count(d) AS documents, max(d.first_load) AS loaded_at
