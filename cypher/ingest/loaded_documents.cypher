// name: loaded_documents
// description: which of these source files (by sha256 document id) were loaded completely before.
//   A Document node is written in the last batch of a load, so an interrupted load has none.
UNWIND $ids AS id
MATCH (d:Document {id: id})
RETURN d.id AS id, d.rows AS rows
