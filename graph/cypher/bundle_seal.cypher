// Store a sealed evidence bundle (never changed afterwards) with its frozen contents, each named by its SHA-256.
// Parameters: $key, $bundle, $contents ({itemKey, sha256, content, encoding})
// Contents are reached through the bundle, never looked up by hash alone: no index is needed (each index
// lengthens Neo4j's recovery after a crash), at the price of one copy per bundle version.
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
  CREATE (c:SealedContent {sha256: row.sha256, content: row.content, encoding: row.encoding})
  CREATE (b)-[:HOLDS {itemKey: row.itemKey}]->(c)
}
RETURN b.uid AS uid
