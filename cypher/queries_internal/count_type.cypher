// name: count_type
// description: number of relationships of one type.
// identifiers: type
MATCH ()-[r:{{type}}]->() RETURN count(r) AS count
