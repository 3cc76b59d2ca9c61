// name: lookups
// description: indexes for the lookups planners' queries start from (names, numbers, years, kinds).
CREATE INDEX patent_number IF NOT EXISTS FOR (n:Patent) ON (n.number);
CREATE INDEX patent_year IF NOT EXISTS FOR (n:Patent) ON (n.year);
CREATE INDEX organization_name_norm IF NOT EXISTS FOR (n:Organization) ON (n.name_norm);
CREATE INDEX organization_kind IF NOT EXISTS FOR (n:Organization) ON (n.kind);
CREATE INDEX inventor_name_norm IF NOT EXISTS FOR (n:Inventor) ON (n.name_norm);
CREATE INDEX region_name IF NOT EXISTS FOR (n:Region) ON (n.name);
CREATE INDEX policy_doc_number IF NOT EXISTS FOR (n:Policy) ON (n.doc_number);
CREATE INDEX ipc_level IF NOT EXISTS FOR (n:IPCClass) ON (n.level);
