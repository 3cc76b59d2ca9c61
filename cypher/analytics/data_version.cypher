// name: data_version
// description: a cheap fingerprint of the loaded data for the analytics caches: node counts of the
//   labels the projections read, the number of source documents and the latest load marker
//   (max Document.first_load: the writer stamps every node it creates with its load). Any load that adds patents, organisations,
//   inventors, chains, measures or a source document changes it.
MATCH (p:Patent)
WITH count(p) AS patents
MATCH (o:Organization)
WITH patents, count(o) AS organizations
OPTIONAL MATCH (i:Inventor)
WITH patents, organizations, count(i) AS inventors
OPTIONAL MATCH (s:ChainSegment)
WITH patents, organizations, inventors, count(s) AS segments
OPTIONAL MATCH (m:Measure)
WITH patents, organizations, inventors, segments, count(m) AS measures
OPTIONAL MATCH (d:Document)
RETURN patents, organizations, inventors, segments, measures,
       count(d) AS documents, max(d.first_load) AS loaded_at
