// Store a sealed evidence bundle (never changed afterwards). Parameters: $key, $bundle
MATCH (d:Dispute {key: $key})
CREATE (b:EvidenceBundle)
SET b = $bundle
CREATE (d)-[:SEALED]->(b)
WITH d, b
CALL (d, b) {
  MATCH (d)-[:SEALED]->(prev:EvidenceBundle {version: b.version - 1})
  CREATE (b)-[:PREVIOUS]->(prev)
}
RETURN b.uid AS uid
