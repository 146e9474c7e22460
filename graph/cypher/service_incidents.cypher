// Every incident of a contract on the given services, with its events (for REPEATED and recomputing breaches).
// Parameters: $contractKey, $services
MATCH (i:Incident {contractKey: $contractKey})
WHERE i.service IN $services
RETURN i {.*} AS incident,
       COLLECT { MATCH (i)-[:HAS_EVENT]->(e:IncidentEvent) RETURN e {.*} ORDER BY e.seq } AS events
