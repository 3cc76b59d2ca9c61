// name: restore_empty_lists
// description: after a bulk import, set to [] every property its node lists in `bulk_empty_lists`
//   (the import's CSV cannot carry an empty array; the transactional writer stores `[]`), then drop
//   the marker. Runs in its own transactions of 10,000 nodes (an implicit transaction).
// identifiers: label
MATCH (n:{{label}})
WHERE n.bulk_empty_lists IS NOT NULL
CALL (n) {
  FOREACH (key IN n.bulk_empty_lists | SET n[key] = [])
  REMOVE n.bulk_empty_lists
} IN TRANSACTIONS OF 10000 ROWS
