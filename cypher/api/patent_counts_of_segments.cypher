// name: patent_counts_of_segments
// description: number of patents classified into each segment (DataLoader batch).
UNWIND $ids AS id
MATCH (p:Patent)-[:IN_SEGMENT]->(:ChainSegment {id: id})
RETURN id, count(DISTINCT p) AS total
