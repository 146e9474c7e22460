// Incidents with their events in seq order. Parameters: $keys
UNWIND $keys AS key
MATCH (i:Incident {key: key})
RETURN i {.*} AS incident,
       COLLECT { MATCH (i)-[:HAS_EVENT]->(e:IncidentEvent) RETURN e {.*} ORDER BY e.seq } AS events
