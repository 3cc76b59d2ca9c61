// name: policy_names
// description: every policy document number and title, for suggestions.
MATCH (p:Policy)
UNWIND [p.doc_number, p.title] AS name
WITH name WHERE name IS NOT NULL
RETURN DISTINCT name
