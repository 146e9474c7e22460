// Write one contract version and everything under it (one statement, inside the import's transaction).
// Parameters: $c (version properties), $parties, $people, $calendars, $clauses, $severities,
//             $channels, $roles, $escalation, $levels, $triggers, $terms
MERGE (contract:Contract {key: $c.key})
ON CREATE SET contract.latestVersion = $c.version, contract.createdAt = datetime()
SET contract.latestVersion = CASE WHEN contract.latestVersion < $c.version THEN $c.version
                                  ELSE contract.latestVersion END
CREATE (v:ContractVersion)
SET v = $c, v.importedAt = datetime()
CREATE (contract)-[:HAS_VERSION]->(v)
WITH contract, v
CALL (v) {
  UNWIND $parties AS row
  MERGE (p:Party {key: row.key})
  ON CREATE SET p.name = row.name
  CREATE (v)-[:PARTY {role: row.role}]->(p)
}
CALL (v) {
  UNWIND $clauses AS row
  CREATE (cl:Clause)
  SET cl = row, cl.contractKey = v.key, cl.version = v.version
  CREATE (v)-[:HAS_CLAUSE]->(cl)
}
CALL (v) {
  UNWIND $calendars AS row
  CREATE (cal:Calendar)
  SET cal = row
  CREATE (v)-[:HAS_CALENDAR]->(cal)
}
CALL (v) {
  UNWIND $roles AS row
  MATCH (p:Party {key: row.party})
  CREATE (r:Role {uid: row.uid, key: row.key, name: row.name, responsibilities: row.responsibilities,
                  contractKey: v.key, version: v.version})
  CREATE (v)-[:HAS_ROLE]->(r)
  CREATE (r)-[:OF_PARTY]->(p)
}
CALL (v) {
  UNWIND $people AS row
  MATCH (p:Party {key: row.party})
  MERGE (m:Person {key: row.key})
  ON CREATE SET m.name = row.name
  MERGE (m)-[:MEMBER_OF]->(p)
  WITH m, row
  OPTIONAL MATCH (r:Role {uid: row.roleUid})
  FOREACH (_ IN CASE WHEN r IS NULL THEN [] ELSE [1] END | MERGE (m)-[:HOLDS]->(r))
}
CALL (v) {
  UNWIND $severities AS row
  MATCH (cal:Calendar {uid: row.calendarUid})
  MATCH (cl:Clause {uid: row.clauseUid})
  CREATE (s:SeverityLevel {uid: row.uid, code: row.code, name: row.name, position: row.position,
                           responseSeconds: row.responseSeconds, resolutionSeconds: row.resolutionSeconds,
                           updateSeconds: row.updateSeconds})
  CREATE (v)-[:HAS_SEVERITY]->(s)
  CREATE (s)-[:MEASURED_ON]->(cal)
  CREATE (s)-[:DEFINED_IN]->(cl)
}
CALL (v) {
  UNWIND $channels AS row
  MATCH (cal:Calendar {uid: row.calendarUid})
  MATCH (cl:Clause {uid: row.clauseUid})
  CREATE (ch:SupportChannel {uid: row.uid, kind: row.kind, address: row.address,
                             severities: row.severities, position: row.position})
  CREATE (v)-[:HAS_CHANNEL]->(ch)
  CREATE (ch)-[:AVAILABLE_ON]->(cal)
  CREATE (ch)-[:DEFINED_IN]->(cl)
}
CALL (v) {
  MATCH (cl:Clause {uid: $escalation.clauseUid})
  CREATE (path:EscalationPath {uid: $escalation.uid})
  CREATE (v)-[:HAS_ESCALATION]->(path)
  CREATE (path)-[:DEFINED_IN]->(cl)
  WITH path
  CALL (path) {
    UNWIND $levels AS row
    MATCH (r:Role {uid: row.roleUid})
    CREATE (l:EscalationLevel {uid: row.uid, level: row.level})
    CREATE (path)-[:HAS_LEVEL]->(l)
    CREATE (l)-[:HELD_BY]->(r)
  }
  CALL (path) {
    UNWIND $triggers AS row
    CREATE (t:EscalationTrigger)
    SET t = row
    CREATE (path)-[:HAS_TRIGGER]->(t)
  }
}
CALL (v) {
  UNWIND $terms AS row
  MATCH (cl:Clause {uid: row.clauseUid})
  CREATE (t:ContractTerm)
  SET t = row.props, t.kind = row.kind
  CREATE (v)-[:HAS_TERM]->(t)
  CREATE (t)-[:DEFINED_IN]->(cl)
}
RETURN v.uid AS uid
