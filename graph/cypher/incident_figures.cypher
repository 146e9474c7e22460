// Replace the stored figures of incidents by freshly computed ones (derived data): their breaches, and their
// status, current severity, breach count and levels held (for list filters), and their settled clocks and
// breaches (JSON text, or null while they can still change: resolvers/settled.py). Touches only these incidents
// and the breach nodes hanging off them.
// Breach instants arrive as ISO 8601 text (graph/temporal.py).
// Parameters: $incidents ({key, status, severity, breachCount, levelsHeld, settled}),
//             $breaches (maps: uid, incidentKey, kind, dueAt, overBySeconds, severity, clauseUid, obligor,
//             roleUid, person, level, credit..., trigger)
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
RETURN count(*) AS done
