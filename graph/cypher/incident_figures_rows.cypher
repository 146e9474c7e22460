// Replaces the figures of the incidents in $incidents by those given, and their breaches by $breaches (see
// incident_figures.cypher for the parameters). Included by the statements that write figures.
CALL () {
  UNWIND $incidents AS row
  MATCH (i:Incident {key: row.key})
  SET i.status = row.status, i.currentSeverity = row.severity, i.breachCount = row.breachCount,
      i.levelsHeld = row.levelsHeld, i.settled = row.settled
  WITH i
  MATCH (b:Breach {incidentKey: i.key})
  DETACH DELETE b
}
CALL () {
  UNWIND $breaches AS row
  MATCH (i:Incident {key: row.incidentKey})
  MATCH (cl:Clause {uid: row.clauseUid})
  MATCH (obligor:Party {key: row.obligor})
  CREATE (b:Breach)
  SET b = row {.*, clauseUid: null, roleUid: null, dueAt: datetime(row.dueAt), computedAt: datetime(row.computedAt)}
  CREATE (b)-[:OF]->(i)
  CREATE (b)-[:BREACHES]->(cl)
  CREATE (b)-[:OBLIGOR]->(obligor)
  WITH b, row
  CALL (b, row) {
    OPTIONAL MATCH (r:Role {uid: row.roleUid})
    FOREACH (_ IN CASE WHEN r IS NULL THEN [] ELSE [1] END | CREATE (b)-[:RESPONSIBLE]->(r))
  }
  CALL (b, row) {
    OPTIONAL MATCH (m:Person {key: row.person})
    FOREACH (_ IN CASE WHEN m IS NULL THEN [] ELSE [1] END | CREATE (b)-[:RESPONSIBLE]->(m))
  }
}
