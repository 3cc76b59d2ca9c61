// name: remove_stale_extractions
// description: for each re-loaded policy ($rows: {policy, document}), delete the targets, measures and
//   edges that an earlier document of the same policy produced and the current one did not write
//   (everything the policy loader writes carries `document_id`). Statements run in this order.
UNWIND $rows AS row
MATCH (:Policy {id: row.policy})-[:HAS_MEASURE]->(:Measure)-[:SETS_TARGET]->(t:Target)
WHERE t.document_id <> row.document
DETACH DELETE t;
UNWIND $rows AS row
MATCH (:Policy {id: row.policy})-[:SETS_TARGET]->(t:Target)
WHERE t.document_id <> row.document
DETACH DELETE t;
UNWIND $rows AS row
MATCH (:Policy {id: row.policy})-[:HAS_MEASURE]->(m:Measure)
WHERE m.document_id <> row.document
DETACH DELETE m;
UNWIND $rows AS row
MATCH (:Policy {id: row.policy})-[:HAS_MEASURE]->(:Measure)-[r]-()
WHERE r.document_id <> row.document
DELETE r;
UNWIND $rows AS row
MATCH (:Policy {id: row.policy})-[r]->()
WHERE r.document_id <> row.document
DELETE r;
UNWIND $rows AS row
MATCH (:Policy {id: row.policy})<-[r:MENTIONED_IN]-()
WHERE r.document_id <> row.document
DELETE r;
