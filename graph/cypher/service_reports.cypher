// When each incident on a contract's service was reported, and when it was recorded (REPEATED, knownAt).
// Parameters: $pairs ({id, contract, service})
UNWIND $pairs AS pair
RETURN pair.id AS id,
       COLLECT { MATCH (i:Incident {contractKey: pair.contract, service: pair.service})
                 RETURN {key: i.key, reportedAt: toString(i.reportedAt), createdAt: toString(i.createdAt)} } AS reports
