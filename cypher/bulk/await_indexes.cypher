// name: await_indexes
// description: wait until every index (the schema's, applied after a bulk import) is online, at
//   most $seconds; a bulk load is done when its graph answers with its indexes.
CALL db.awaitIndexes($seconds)
