// Take the write lock on incidents (serialising writes to each; pass the keys sorted so that two
// writers always lock in the same order) and return them with their events in seq order.
// Parameters: $keys
UNWIND $keys AS key
MATCH (i:Incident {key: key})
SET i.lockedAt = datetime()
RETURN i {.*} AS incident,
       COLLECT { MATCH (i)-[:HAS_EVENT]->(e:IncidentEvent) RETURN e {.*} ORDER BY e.seq } AS events
