// Append one custody entry to each of some evidence items, numbered after the entries they have (append-only).
// Parameters: $uids (evidence item uids), $entry (at, person, action, purpose, to, recordedAt, recordedBy)
UNWIND $uids AS uid
MATCH (e:EvidenceItem {uid: uid})
CREATE (c:CustodyEntry)
SET c = $entry, c.seq = COUNT { (e)-[:CUSTODY]->() } + 1
CREATE (e)-[:CUSTODY]->(c)
RETURN count(c) AS done
