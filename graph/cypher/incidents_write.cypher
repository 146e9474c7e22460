// Create incidents (if new), append events, record people. One statement per import or report (an event appended
// on its own goes with its figures: incident_append.cypher).
// Instants arrive as ISO 8601 text and are stored as DateTime (graph/temporal.py).
// Parameters: $incidents (new incident maps, with contractUid),
//             $chains ({incidentKey, events (event maps in seq order), lastSeq, headHash, lastAt}: the new head),
//             $people ({key, name, party, roleUid})
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
  UNWIND $incidents AS row
  MATCH (v:ContractVersion {uid: row.contractUid})
  CREATE (i:Incident)
  SET i = row, i.reportedAt = datetime(row.reportedAt), i.createdAt = datetime(row.createdAt),
      i.lastAt = datetime(row.lastAt)
  CREATE (i)-[:UNDER]->(v)
}
/*include incident_chains_write*/
RETURN count(*) AS done
