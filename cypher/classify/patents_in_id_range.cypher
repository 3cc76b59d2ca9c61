// name: patents_in_id_range
// description: the text and codes classification needs, for patents whose id falls in [$lo, $hi).
//   Patent ids are hashes, so fixed prefix ranges split the patents into even buckets.
MATCH (p:Patent)
WHERE p.id >= $lo AND p.id < $hi AND coalesce(p.stub, false) = false
RETURN p.id AS id, p.ipc AS ipc, p.cpc AS cpc, p.main_ipc AS main_ipc, p.title AS title, p.abstract AS abstract,
       p.concepts AS concepts
