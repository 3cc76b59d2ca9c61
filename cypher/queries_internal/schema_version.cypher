// name: schema_version
// description: the recorded schema version, if any.
MATCH (v:SchemaVersion {id: 'innograph'})
RETURN v.version AS version, v.files AS files, v.applied_at AS applied_at
