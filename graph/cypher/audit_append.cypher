// Append one entry to the audit log if the log's head is still the one the entry was linked to, in one
// statement: the head is locked, compared and moved inside Neo4j, never across a round trip to the client.
// Parameters: $entry (properties incl. seq, prevHash, hash), $zero (the hash before the first entry)
MERGE (h:AuditHead {id: 'audit'})
ON CREATE SET h.seq = 0, h.hash = $zero
SET h._lock = true
REMOVE h._lock
WITH h, h.seq = $entry.seq - 1 AND h.hash = $entry.prevHash AS fits
CALL (h, fits) {
  WITH h WHERE fits
  CREATE (a:AuditEntry)
  SET a = $entry
  SET h.seq = $entry.seq, h.hash = $entry.hash
}
RETURN fits, h.seq AS seq, h.hash AS hash
