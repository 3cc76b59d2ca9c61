// name: ipc_cooccurrence_in_segment
// title: IPC subclasses co-occurring in a segment
// description: Pairs of IPC subclasses (first four characters) that appear together on the same
//   patent among the patents of a chain segment, with how many patents carry both.
// param: segment string required -- segment key, id or name
// param: min_patents int default=1 range=1..
// param: limit int default=50 range=1..1000
// returns: ipc_a, ipc_b, patents
MATCH (s:ChainSegment)<-[:IN_SEGMENT]-(p:Patent)
WHERE s.key = $segment OR s.id = $segment OR s.name_en = $segment OR s.name_zh = $segment
WITH DISTINCT p
WITH p, reduce(acc = [], c IN coalesce(p.ipc, []) |
       CASE WHEN substring(c, 0, 4) IN acc THEN acc ELSE acc + substring(c, 0, 4) END) AS subclasses
UNWIND subclasses AS a
UNWIND subclasses AS b
WITH p, a, b
WHERE a < b
WITH a, b, count(DISTINCT p) AS patents
WHERE patents >= $min_patents
RETURN a AS ipc_a, b AS ipc_b, patents
ORDER BY patents DESC, ipc_a, ipc_b
LIMIT $limit
