// name: graph_fingerprint
// title: Graph fingerprint: counts and content checksums per label and type
// description: One row per node label and per relationship type: how many, how many properties in
//   all, and a checksum of the content (a polynomial hash of every `key=value` of every node or
//   relationship, relationships with their endpoint ids, summed so order does not matter). Two
//   graphs with equal rows hold the same data, up to hash collisions; ASCII characters are hashed
//   exactly, any other character by its position only. Set content=false on big graphs to count only.
//   `first_load` (which load created a node) is left out: a resumed load and a clean one hold the same data.
// param: content bool default=true -- compute the checksums (costs time in proportion to the text)
// returns: kind, name, count, properties, checksum
CALL () {
  MATCH (n)
  UNWIND labels(n) AS name
  WITH name, n, CASE WHEN $content THEN [k IN keys(n) WHERE k <> 'first_load' | k + '=' + reduce(s = '', x IN ([] + n[k]) | s + '|' + toString(x))] ELSE [] END AS items
  WITH name, n, reduce(total = 0, item IN items | total +
         reduce(h = 7, ch IN split(item, '') |
           (h * 131 + size(split('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.:/,;()[]{}|=+*#%&@!?<>~^$', ch)[0])) % 2147483647)) AS h
  RETURN 'node' AS kind, name, count(n) AS count, sum(size([k IN keys(n) WHERE k <> 'first_load'])) AS properties, sum(h) AS checksum
  UNION ALL
  MATCH (a)-[r]->(b)
  WITH type(r) AS name, r, CASE WHEN $content THEN ['>' + coalesce(a.id, '') + '>' + coalesce(b.id, '')] + [k IN keys(r) | k + '=' + reduce(s = '', x IN ([] + r[k]) | s + '|' + toString(x))] ELSE [] END AS items
  WITH name, r, reduce(total = 0, item IN items | total +
         reduce(h = 7, ch IN split(item, '') |
           (h * 131 + size(split('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.:/,;()[]{}|=+*#%&@!?<>~^$', ch)[0])) % 2147483647)) AS h
  RETURN 'relationship' AS kind, name, count(r) AS count, sum(size(keys(r))) AS properties, sum(h) AS checksum
}
RETURN kind, name, count, properties, checksum
ORDER BY kind, name
