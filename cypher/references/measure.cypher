// name: measure
// description: whether a measure has this id.
OPTIONAL MATCH (m:Measure {id: $value})
RETURN m IS NOT NULL AS found
