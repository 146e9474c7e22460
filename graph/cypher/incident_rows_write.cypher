// Records people, creates new incidents and appends events ($people, $newIncidents, $chains: see
// incidents_write.cypher). Included by the statements that write new incidents (incidents_write.cypher, and
// incident_figures_if_near.cypher, which writes a report's incident and its figures together).
CALL () {
  UNWIND $people AS row
  MATCH (p:Party {key: row.party})
  MERGE (m:Person {key: row.key})
  ON CREATE SET m.name = row.name
  MERGE (m)-[:MEMBER_OF]->(p)
  WITH m, row
  OPTIONAL MATCH (r:Role {uid: row.roleUid})
  FOREACH (_ IN CASE WHEN r IS NULL THEN [] ELSE [1] END | MERGE (m)-[:HOLDS]->(r))
}
CALL () {
  UNWIND $newIncidents AS row
  MATCH (v:ContractVersion {uid: row.contractUid})
  CREATE (i:Incident)
  SET i = row, i.reportedAt = datetime(row.reportedAt), i.createdAt = datetime(row.createdAt),
      i.lastAt = datetime(row.lastAt)
  CREATE (i)-[:UNDER]->(v)
}
/*include incident_chains_write*/
