// name: measure_names
// description: no suggestions for measure ids (they are hashes): measures are listed by `measures`.
MATCH (m:Measure {id: $value})
RETURN m.id AS name
