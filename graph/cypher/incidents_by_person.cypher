// Incidents in which people acted or were assigned. Parameters: $keys (person keys)
UNWIND $keys AS key
RETURN key,
       COLLECT { MATCH (:Person {key: key})<-[:BY|ASSIGNS]-(:IncidentEvent)<-[:HAS_EVENT]-(i:Incident)
                 WITH DISTINCT i RETURN i.key ORDER BY i.reportedAt, i.key } AS incidents
