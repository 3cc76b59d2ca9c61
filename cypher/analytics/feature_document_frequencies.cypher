// name: feature_document_frequencies
// description: for every technology feature, the number of patents that have it: IPC subclass
//   ('sub:G06N'), IPC main group ('grp:G06N3') and concept ('con:<id>'); the IDF of the transfer fit.
MATCH (p:Patent)
UNWIND [c IN coalesce(p.ipc, []) | 'sub:' + left(c, 4)]
     + [c IN coalesce(p.ipc, []) | 'grp:' + split(c, '/')[0]]
     + [c IN coalesce(p.concepts, []) | 'con:' + c] AS feature
WITH DISTINCT p, feature
RETURN feature, count(*) AS patents
