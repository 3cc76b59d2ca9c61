// name: patents_by_other_numbers
// description: patents found by application or publication number (numbers that are not their key).
MATCH (p:Patent)
WHERE p.application_number IN $numbers OR p.publication_number IN $numbers
RETURN p.id AS id, p.number AS number, p.application_number AS application_number,
       p.publication_number AS publication_number
