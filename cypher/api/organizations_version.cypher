// name: organizations_version
// description: a cheap fingerprint of the organisations for the API's order cache: label counts
//   (answered from ArcadeDB's type counters) and the latest source Document. A load refreshes patent
//   counts and writes a Document, so it changes this row.
MATCH (o:Organization)
WITH count(o) AS organizations
OPTIONAL MATCH (p:Patent)
WITH organizations, count(p) AS patents
OPTIONAL MATCH (d:Document)
RETURN organizations, patents, count(d) AS documents, max(d.loaded_at) AS loaded_at
