// Record a status change of a dispute. Parameters: $key, $status, $transition
MATCH (d:Dispute {key: $key})
SET d.status = $status
CREATE (t:DisputeTransition)
SET t = $transition
CREATE (d)-[:TRANSITION]->(t)
RETURN t.seq AS seq
