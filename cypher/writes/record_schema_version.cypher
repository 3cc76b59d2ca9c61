// name: record_schema_version
// description: the schema version applied to this graph, with the files that made it.
MERGE (v:SchemaVersion {id: 'innograph'})
SET v.version = $version, v.files = $files, v.applied_at = $applied_at
