// name: count_label
// description: number of nodes with one label.
// identifiers: label
MATCH (n:{{label}}) RETURN count(n) AS count
