// name: merge_nodes_plain
// description: upsert nodes of one label by `id` with overwritten properties only (no alias or
//   source lists): the fast path for nodes such as patents that come from one record.
// identifiers: label
UNWIND $rows AS row
MERGE (n:{{label}} {id: row.id})
ON CREATE SET n.first_load = $batch
SET n += row.props
RETURN row.id AS id, elementId(n) AS eid, n.first_load = $batch AS created,
       n.first_load STARTS WITH $load AS this_load
