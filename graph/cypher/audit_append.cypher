// Append one entry to the audit log and move its head. Parameters: $entry (properties incl. seq, hash)
MATCH (h:AuditHead {id: 'audit'})
CREATE (a:AuditEntry)
SET a = $entry
SET h.seq = $entry.seq, h.hash = $entry.hash
RETURN a.seq AS seq
