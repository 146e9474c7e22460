// Every incident of a contract on the given services, with its events (for REPEATED and recomputing breaches).
// Parameters: $contractKey, $services
MATCH (i:Incident {contractKey: $contractKey})
WHERE i.service IN $services
RETURN i {.*, reportedAt: toString(i.reportedAt), createdAt: toString(i.createdAt), lastAt: toString(i.lastAt),
       lockedAt: toString(i.lockedAt)} AS incident,
       COLLECT { MATCH (i)-[:HAS_EVENT]->(e:IncidentEvent) RETURN e {.*, at: toString(e.at), recordedAt: toString(e.recordedAt)} ORDER BY e.seq } AS events
