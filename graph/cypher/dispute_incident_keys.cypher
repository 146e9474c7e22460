// The incidents each dispute concerns. Parameters: $keys
UNWIND $keys AS key
RETURN key, COLLECT { MATCH (:Dispute {key: key})-[:CONCERNS]->(i:Incident) RETURN i.key ORDER BY i.key } AS incidents
