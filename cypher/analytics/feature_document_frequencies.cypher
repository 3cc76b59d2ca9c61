// name: feature_document_frequencies
// description: for every technology feature, the number of patents that have it: IPC subclass
//   ('sub:G06N'), IPC main group ('grp:G06N3'), IPC subgroup ('cls:G06N3/08') and concept
//   ('con:<id>'); the IDF of the transfer fit. Each patent's features are made distinct in its own
//   small list: a `WITH DISTINCT p, feature` over all patents holds every pair in the heap, which
//   ArcadeDB refuses beyond 3,145,728 (at ~1M patents).
MATCH (p:Patent)
WITH [c IN coalesce(p.ipc, []) | 'sub:' + left(c, 4)]
     + [c IN coalesce(p.ipc, []) | 'grp:' + split(c, '/')[0]]
     + [c IN coalesce(p.ipc, []) WHERE c CONTAINS '/' | 'cls:' + c]
     + [c IN coalesce(p.concepts, []) | 'con:' + c] AS features
UNWIND reduce(seen = [], f IN features | CASE WHEN f IN seen THEN seen ELSE seen + f END) AS feature
RETURN feature, count(*) AS patents
