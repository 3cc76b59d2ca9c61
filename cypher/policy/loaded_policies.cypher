// name: loaded_policies
// description: of the given policy ids, those whose own document has been loaded (not stubs); the
//   policy loader writes a stub only for a referenced policy that is not one of these.
UNWIND $ids AS id
MATCH (p:Policy {id: id})
WHERE p.stub IS NULL OR p.stub = false
RETURN p.id AS id
