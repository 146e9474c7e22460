// Incidents in which people acted or were assigned, of those the caller may see.
// Parameters: $keys (person keys), $contracts, $incidents (visible keys, or null for all), $disputes (unused)
UNWIND $keys AS key
RETURN key,
       COLLECT { MATCH (:Person {key: key})<-[:BY|ASSIGNS]-(:IncidentEvent)<-[:HAS_EVENT]-(i:Incident)
                 WHERE ($contracts IS NULL OR i.contractKey IN $contracts) AND ($incidents IS NULL OR i.key IN $incidents)
                 WITH DISTINCT i RETURN i.key ORDER BY i.reportedAt, i.key } AS incidents
