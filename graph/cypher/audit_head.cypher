// The audit log's head: the last entry's seq and hash (none before the first entry). Parameters: none
OPTIONAL MATCH (h:AuditHead {id: 'audit'})
RETURN h.seq AS seq, h.hash AS hash
