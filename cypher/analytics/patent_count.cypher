// name: patent_count
// description: the number of Patent nodes.
MATCH (p:Patent)
RETURN count(p) AS patents
