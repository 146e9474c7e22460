// Incidents with their events in seq order. Parameters: $keys
UNWIND $keys AS key
MATCH (i:Incident {key: key})
RETURN i {.*, reportedAt: toString(i.reportedAt), createdAt: toString(i.createdAt), lastAt: toString(i.lastAt),
       lockedAt: toString(i.lockedAt)} AS incident,
       COLLECT { MATCH (i)-[:HAS_EVENT]->(e:IncidentEvent) RETURN e {.*, at: toString(e.at), recordedAt: toString(e.recordedAt)} ORDER BY e.seq } AS events
