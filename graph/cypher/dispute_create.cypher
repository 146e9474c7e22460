// Open a dispute under a contract version, naming its parties and the incidents it concerns.
// Parameters: $d (dispute properties), $contractUid, $incidentKeys, $transition
MATCH (v:ContractVersion {uid: $contractUid})
MATCH (claimant:Party {key: $d.claimant}), (respondent:Party {key: $d.respondent})
CREATE (d:Dispute)
SET d = $d
CREATE (d)-[:UNDER]->(v)
CREATE (d)-[:CLAIMANT]->(claimant)
CREATE (d)-[:RESPONDENT]->(respondent)
CREATE (t:DisputeTransition)
SET t = $transition
CREATE (d)-[:TRANSITION]->(t)
WITH d
CALL (d) {
  UNWIND $incidentKeys AS key
  MATCH (i:Incident {key: key})
  CREATE (d)-[:CONCERNS]->(i)
}
RETURN d.key AS key
