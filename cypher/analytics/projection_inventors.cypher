// name: projection_inventors
// description: every inventor with the properties the collaboration projection keeps.
MATCH (i:Inventor)
RETURN i.id AS id, i.name AS name, i.city AS city, i.province AS province
