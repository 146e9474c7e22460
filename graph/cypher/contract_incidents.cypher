// Every incident of a contract with its events (for credits and evidence). Parameters: $contractKey
MATCH (i:Incident {contractKey: $contractKey})
RETURN i {.*, reportedAt: toString(i.reportedAt), createdAt: toString(i.createdAt), lastAt: toString(i.lastAt),
       lockedAt: toString(i.lockedAt)} AS incident,
       COLLECT { MATCH (i)-[:HAS_EVENT]->(e:IncidentEvent) RETURN e {.*, at: toString(e.at), recordedAt: toString(e.recordedAt)} ORDER BY e.seq } AS events
