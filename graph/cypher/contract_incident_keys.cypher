// Keys of every incident under a contract. Parameters: $key
MATCH (i:Incident {contractKey: $key})
RETURN i.key AS key ORDER BY i.reportedAt, i.key
