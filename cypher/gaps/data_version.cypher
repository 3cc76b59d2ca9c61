// name: data_version
// description: a cheap fingerprint of what the gap analysis reads, for its cache. Label counts only
//   (ArcadeDB answers them from its type counters in milliseconds; counting IN_SEGMENT or APPLIED_FOR
//   edges scans them and takes seconds at 100k patents): patents, organisations, regions, measures,
//   policies and source documents, the chains' fingerprints (re-classification after a chain file
//   changes stamps new ones) and the latest Document.first_load (the load that created it). Every patent or policy load writes a
//   Document node for a file it has not seen, so any load that can change a figure changes this row;
//   re-loading a file already loaded changes nothing, and neither does the version.
MATCH (p:Patent)
WITH count(p) AS patents
OPTIONAL MATCH (o:Organization)
WITH patents, count(o) AS organizations
OPTIONAL MATCH (r:Region)
WITH patents, organizations, count(r) AS regions
OPTIONAL MATCH (m:Measure)
WITH patents, organizations, regions, count(m) AS measures
OPTIONAL MATCH (pol:Policy)
WITH patents, organizations, regions, measures, count(pol) AS policies
OPTIONAL MATCH (c:IndustrialChain)
WITH patents, organizations, regions, measures, policies, collect(c.fingerprint) AS fingerprints
OPTIONAL MATCH (d:Document)
RETURN patents, organizations, regions, measures, policies, fingerprints,
       count(d) AS documents, max(d.first_load) AS loaded_at
