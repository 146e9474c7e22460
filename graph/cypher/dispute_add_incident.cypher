// A dispute comes to concern one more incident. Parameters: $key (dispute), $incidentKey, $at, $recordedBy
MATCH (d:Dispute {key: $key}), (i:Incident {key: $incidentKey})
MERGE (d)-[c:CONCERNS]->(i)
ON CREATE SET c.addedAt = $at, c.recordedBy = $recordedBy
RETURN i.key AS key
