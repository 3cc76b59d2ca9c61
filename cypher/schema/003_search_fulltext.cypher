// name: search_fulltext
// description: full-text indexes (Lucene, `cjk` analyzer: case-folded, width-folded, Han as bigrams) over
//   the texts search compares, so search on Neo4j starts from the index instead of scanning every node
//   and the API builds no in-memory search index there (api/repositories/fulltext.py).
// backends: neo4j
CREATE FULLTEXT INDEX organization_search_text IF NOT EXISTS FOR (n:Organization) ON EACH [n.name, n.aliases, n.name_norm]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
CREATE FULLTEXT INDEX inventor_search_text IF NOT EXISTS FOR (n:Inventor) ON EACH [n.name, n.aliases]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
CREATE FULLTEXT INDEX patent_search_text IF NOT EXISTS FOR (n:Patent) ON EACH [n.title, n.number]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
