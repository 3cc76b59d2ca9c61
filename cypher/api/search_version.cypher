// name: search_version
// description: a cheap fingerprint of what the API's search index holds: label counts (answered from
//   ArcadeDB's type counters) and the latest source Document; every load of a new file changes it.
MATCH (o:Organization)
WITH count(o) AS organizations
OPTIONAL MATCH (i:Inventor)
WITH organizations, count(i) AS inventors
OPTIONAL MATCH (p:Patent)
WITH organizations, inventors, count(p) AS patents
OPTIONAL MATCH (d:Document)
RETURN organizations, inventors, patents, count(d) AS documents, max(d.loaded_at) AS loaded_at
