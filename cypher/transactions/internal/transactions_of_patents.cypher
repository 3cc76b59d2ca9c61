// name: transactions_of_patents
// description: every transaction event of the given patents with its party ids (for the patent flags).
UNWIND $ids AS pid
MATCH (t:PatentTransaction)-[:TRANSACTION_OF]->(p:Patent {id: pid})
OPTIONAL MATCH (t)-[:TO_PARTY]->(o:Organization)
RETURN pid AS patent_id, t.id AS id, t.kind AS kind, t.event AS event, t.date AS date,
       t.contract_number AS contract_number, t.licence_kind AS licence_kind, collect(o.id) AS to_ids
