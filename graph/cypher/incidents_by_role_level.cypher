// Incidents of a contract that were held at a given escalation level (as of their last event).
// Parameters: $pairs ({id, contract, level})
UNWIND $pairs AS pair
RETURN pair.id AS id,
       COLLECT { MATCH (i:Incident {contractKey: pair.contract}) WHERE pair.level IN i.levelsHeld
                 RETURN i.key ORDER BY i.reportedAt, i.key } AS incidents
