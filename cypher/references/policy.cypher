// name: policy
// description: whether a policy has this id, document number or title.
OPTIONAL MATCH (p:Policy) WHERE p.id = $value OR p.doc_number = $value OR p.title = $value
WITH p LIMIT 1
RETURN p IS NOT NULL AS found
