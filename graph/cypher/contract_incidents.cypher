// Every incident of a contract with its events (for credits and evidence). Parameters: $contractKey
MATCH (i:Incident {contractKey: $contractKey})
RETURN i {.*} AS incident,
       COLLECT { MATCH (i)-[:HAS_EVENT]->(e:IncidentEvent) RETURN e {.*} ORDER BY e.seq } AS events
