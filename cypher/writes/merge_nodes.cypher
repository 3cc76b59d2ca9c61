// name: merge_nodes
// description: upsert nodes of one label by `id`. `props` overwrite; `aliases` and `sources` are
//   unioned with what the node already has, so reloading a file or a second spelling adds nothing twice.
//   Returns each node's elementId and whether this statement created it (relationships of a node
//   created in this transaction cannot exist yet, so the writer CREATEs them instead of MERGEing).
// identifiers: label
UNWIND $rows AS row
OPTIONAL MATCH (existing:{{label}} {id: row.id})
WITH row, existing IS NULL AS created
MERGE (n:{{label}} {id: row.id})
SET n += row.props
SET n.aliases = reduce(acc = coalesce(n.aliases, []), a IN row.aliases | CASE WHEN a IN acc THEN acc ELSE acc + a END),
    n.sources = reduce(acc = coalesce(n.sources, []), s IN row.sources | CASE WHEN s IN acc THEN acc ELSE acc + s END)
RETURN row.id AS id, elementId(n) AS eid, created
