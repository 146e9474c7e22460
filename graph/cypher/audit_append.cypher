// Append entries to the audit log if the log's head is still the one the first was linked to, in one
// statement: the head is locked, compared and moved inside Neo4j, never across a round trip to the client.
// Parameters: $entries (each entry's properties incl. seq, prevHash, hash; linked one after another),
//             $zero (the hash before the first entry)
MERGE (h:AuditHead {id: 'audit'})
ON CREATE SET h.seq = 0, h.hash = $zero
SET h._lock = true
REMOVE h._lock
WITH h, h.seq = $entries[0].seq - 1 AND h.hash = $entries[0].prevHash AS fits
CALL (h, fits) {
  WITH h WHERE fits
  UNWIND $entries AS entry
  CREATE (a:AuditEntry)
  SET a = entry
}
CALL (h, fits) {
  WITH h WHERE fits
  SET h.seq = last($entries).seq, h.hash = last($entries).hash
}
RETURN fits, h.seq AS seq, h.hash AS hash
