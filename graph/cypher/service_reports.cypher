// When each incident on a contract's service was reported inside a wall-clock window [from, to], and when it was
// recorded (REPEATED, knownAt). Reads the (contractKey, service, reportedAt) index, so a window costs what it holds.
// Parameters: $pairs ({id, contract, service, from, to}; instants as ISO 8601 text)
UNWIND $pairs AS pair
RETURN pair.id AS id,
       COLLECT { MATCH (i:Incident {contractKey: pair.contract, service: pair.service})
                 WHERE i.reportedAt >= datetime(pair.from) AND i.reportedAt <= datetime(pair.to)
                 RETURN {key: i.key, reportedAt: toString(i.reportedAt), createdAt: toString(i.createdAt)} } AS reports
