// A dispute cites a precedent (once; citing again updates the note).
// Parameters: $key, $precedentKey, $note, $at (server time, also kept as recordedAt), $by, $recordedBy (the principal)
MATCH (d:Dispute {key: $key}), (p:Precedent {key: $precedentKey})
MERGE (d)-[c:CITES]->(p)
SET c.note = $note, c.at = $at, c.by = $by, c.recordedBy = $recordedBy, c.recordedAt = $at
RETURN p.key AS key
