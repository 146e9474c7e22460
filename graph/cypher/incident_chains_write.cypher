// Appends events to incidents and moves each one's head ($chains: {incidentKey, events (event maps in seq order),
// lastSeq, headHash, lastAt}), linking each event to its actor and assignee when they are stored people.
// Included by the statements that append events (incidents_write.cypher, incident_append.cypher).
CALL () {
  UNWIND $chains AS chain
  MATCH (i:Incident {key: chain.incidentKey})
  SET i.lastSeq = chain.lastSeq, i.headHash = chain.headHash, i.lastAt = datetime(chain.lastAt)
  WITH i, chain
  UNWIND chain.events AS row
  CREATE (e:IncidentEvent)
  SET e = row, e.at = datetime(row.at), e.recordedAt = datetime(row.recordedAt)
  CREATE (i)-[:HAS_EVENT]->(e)
  WITH e, row
  CALL (e, row) {
    OPTIONAL MATCH (actor:Person {key: row.actor})
    FOREACH (_ IN CASE WHEN actor IS NULL THEN [] ELSE [1] END | CREATE (e)-[:BY]->(actor))
  }
  CALL (e, row) {
    OPTIONAL MATCH (assignee:Person {key: row.assignee})
    FOREACH (_ IN CASE WHEN assignee IS NULL THEN [] ELSE [1] END | CREATE (e)-[:ASSIGNS]->(assignee))
  }
}
