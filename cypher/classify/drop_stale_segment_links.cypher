// name: drop_stale_segment_links
// description: remove IN_SEGMENT edges of one chain that an older chain file or classifier made.
MATCH (:Patent)-[r:IN_SEGMENT]->(s:ChainSegment)
WHERE s.chain_id = $chain_id AND coalesce(r.fingerprint, '') <> $fingerprint
DELETE r
RETURN count(*) AS removed
