// name: merge_nodes
// description: upsert nodes of one label by `id`. `props` overwrite; `aliases` and `sources` are
//   unioned with what the node already has, so reloading a file or a second spelling adds nothing twice.
//   Returns each node's elementId and whether this batch created it: `first_load` is stamped on
//   creation with a tag unique to the batch (provenance: which load made the node), and
//   relationships of a node created in this transaction cannot exist yet, so the writer CREATEs
//   them instead of MERGEing. (A stamp is one index lookup; an OPTIONAL MATCH first was two.)
//   `this_load`: the node was created by this batch or an earlier one of the same load ($load is
//   the load's tag, which every batch tag of that load starts with), so the summary does not count
//   it as already present.
// identifiers: label
UNWIND $rows AS row
MERGE (n:{{label}} {id: row.id})
ON CREATE SET n.first_load = $batch
SET n += row.props
SET n.aliases = reduce(acc = coalesce(n.aliases, []), a IN row.aliases | CASE WHEN a IN acc THEN acc ELSE acc + a END),
    n.sources = reduce(acc = coalesce(n.sources, []), s IN row.sources | CASE WHEN s IN acc THEN acc ELSE acc + s END)
RETURN row.id AS id, elementId(n) AS eid, n.first_load = $batch AS created,
       n.first_load STARTS WITH $load AS this_load
