// name: patents_version
// description: a cheap fingerprint of the patent set for the API's patent order cache: the source
//   Documents (how many, the latest load). Every patent load writes a Document for a file it has not
//   seen, so a load that can change a year, a type or the set of patents changes this row. Counting
//   patents would catch writes that bypass the loaders too, but costs ~0.9 s per million patents on
//   ArcadeDB, on every re-check.
OPTIONAL MATCH (d:Document)
RETURN count(d) AS documents, max(d.first_load) AS loaded_at
