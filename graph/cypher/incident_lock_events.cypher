// Take the write lock on incidents (serialising writes to each; pass the keys sorted so that two
// writers always lock in the same order) and return them with their events in seq order, and with
// $withDocument the stored document of the contract version each is under (else null).
// Parameters: $keys, $withDocument
UNWIND $keys AS key
MATCH (i:Incident {key: key})
SET i.lockedAt = datetime()
RETURN i {.*, reportedAt: toString(i.reportedAt), createdAt: toString(i.createdAt), lastAt: toString(i.lastAt),
       lockedAt: toString(i.lockedAt)} AS incident,
       COLLECT { MATCH (i)-[:HAS_EVENT]->(e:IncidentEvent) RETURN e {.*, at: toString(e.at), recordedAt: toString(e.recordedAt)} ORDER BY e.seq } AS events,
       CASE WHEN $withDocument
         THEN COLLECT { MATCH (v:ContractVersion {uid: i.contractUid}) RETURN v.document }[0] END AS document
