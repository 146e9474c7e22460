// Incidents with their events in seq order, and the content hash of the version they are under (so that its
// terms, known by hash, need no read: resolvers/terms.py). Parameters: $keys
UNWIND $keys AS key
MATCH (i:Incident {key: key})
RETURN i {.*, reportedAt: toString(i.reportedAt), createdAt: toString(i.createdAt), lastAt: toString(i.lastAt),
       lockedAt: toString(i.lockedAt),
       contractHash: head([(i)-[:UNDER]->(v:ContractVersion) WHERE v.uid = i.contractUid | v.contentHash])} AS incident,
       COLLECT { MATCH (i)-[:HAS_EVENT]->(e:IncidentEvent) RETURN e {.*, at: toString(e.at), recordedAt: toString(e.recordedAt)} ORDER BY e.seq } AS events
