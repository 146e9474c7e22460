// Store a sealed evidence bundle (never changed afterwards) with its frozen contents, content-addressed.
// Parameters: $key, $bundle, $contents ({itemKey, sha256, content, encoding})
MATCH (d:Dispute {key: $key})
CREATE (b:EvidenceBundle)
SET b = $bundle
CREATE (d)-[:SEALED]->(b)
WITH d, b
CALL (d, b) {
  MATCH (d)-[:SEALED]->(prev:EvidenceBundle {version: b.version - 1})
  CREATE (b)-[:PREVIOUS]->(prev)
}
CALL (b) {
  UNWIND $contents AS row
  MERGE (c:SealedContent {sha256: row.sha256})
  ON CREATE SET c.content = row.content, c.encoding = row.encoding
  CREATE (b)-[:HOLDS {itemKey: row.itemKey}]->(c)
}
RETURN b.uid AS uid
