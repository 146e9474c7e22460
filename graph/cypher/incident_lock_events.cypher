// Take the write lock on incidents (serialising writes to each; pass the keys sorted so that two
// writers always lock in the same order) and return them with their events in seq order.
// Parameters: $keys
UNWIND $keys AS key
MATCH (i:Incident {key: key})
SET i.lockedAt = datetime()
RETURN i {.*, reportedAt: toString(i.reportedAt), createdAt: toString(i.createdAt), lastAt: toString(i.lastAt),
       lockedAt: toString(i.lockedAt)} AS incident,
       COLLECT { MATCH (i)-[:HAS_EVENT]->(e:IncidentEvent) RETURN e {.*, at: toString(e.at), recordedAt: toString(e.recordedAt)} ORDER BY e.seq } AS events
