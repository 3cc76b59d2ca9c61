// name: sources
// description: the source files loaded into the graph, by format and kind, for a report's methods
//   appendix (which data a figure rests on; PatentsView data asks for attribution where it shows).
// returns: format, kind, documents, rows
MATCH (d:Document)
RETURN d.format AS format, d.kind AS kind, count(d) AS documents, sum(coalesce(d.rows, 0)) AS rows
ORDER BY format, kind
