// Add an evidence item with its first custody entry, linked to what it is about.
// Parameters: $key (dispute), $item (properties incl. content), $custody, $incidentKey, $clauseUid
MATCH (d:Dispute {key: $key})
CREATE (e:EvidenceItem)
SET e = $item
CREATE (d)-[:HAS_EVIDENCE]->(e)
CREATE (c:CustodyEntry)
SET c = $custody
CREATE (e)-[:CUSTODY]->(c)
WITH e
CALL (e) {
  OPTIONAL MATCH (i:Incident {key: $incidentKey})
  FOREACH (_ IN CASE WHEN i IS NULL THEN [] ELSE [1] END | CREATE (e)-[:ABOUT]->(i))
}
CALL (e) {
  OPTIONAL MATCH (cl:Clause {uid: $clauseUid})
  FOREACH (_ IN CASE WHEN cl IS NULL THEN [] ELSE [1] END | CREATE (e)-[:ABOUT]->(cl))
}
RETURN e.uid AS uid
