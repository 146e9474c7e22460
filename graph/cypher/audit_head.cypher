// Lock the audit log's head and read the last entry's seq and hash (the log is one chain).
// Parameters: $zero (the hash before the first entry)
MERGE (h:AuditHead {id: 'audit'})
ON CREATE SET h.seq = 0, h.hash = $zero
SET h._lock = true
REMOVE h._lock
RETURN h.seq AS seq, h.hash AS hash
