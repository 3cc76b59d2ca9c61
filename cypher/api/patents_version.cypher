// name: patents_version
// description: a cheap fingerprint of the patent set for the API's patent order cache: label counts
//   (answered from ArcadeDB's type counters) and the latest source Document. Every load of a new file
//   writes a Document, so a load that can change a patent's year or type changes this row.
MATCH (p:Patent)
WITH count(p) AS patents
OPTIONAL MATCH (d:Document)
RETURN patents, count(d) AS documents, max(d.loaded_at) AS loaded_at
