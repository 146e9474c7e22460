// Everything under a batch of contract versions, nested, in one round trip.
// Parameters: $uids (ContractVersion uids), $withText (clause texts are the bulk of a structure: only when asked)
UNWIND $uids AS uid
MATCH (v:ContractVersion {uid: uid})
RETURN v.uid AS uid,
  COLLECT { MATCH (v)-[r:PARTY]->(p:Party) RETURN {key: p.key, name: p.name, role: r.role} } AS parties,
  COLLECT { MATCH (v)-[:HAS_CLAUSE]->(c:Clause)
            RETURN {uid: c.uid, number: c.number, heading: c.heading, kind: c.kind, topics: c.topics,
                    text: CASE WHEN $withText THEN c.text END, position: c.position} } AS clauses,
  COLLECT { MATCH (v)-[:HAS_CALENDAR]->(cal:Calendar) RETURN properties(cal) } AS calendars,
  COLLECT { MATCH (v)-[:HAS_ROLE]->(r:Role)-[:OF_PARTY]->(p:Party)
            RETURN {uid: r.uid, key: r.key, name: r.name, responsibilities: r.responsibilities,
                    party: p.key} } AS roles,
  COLLECT { MATCH (v)-[:HAS_SEVERITY]->(s:SeverityLevel)-[:MEASURED_ON]->(cal:Calendar),
                  (s)-[:DEFINED_IN]->(c:Clause)
            RETURN {uid: s.uid, code: s.code, name: s.name, position: s.position,
                    responseSeconds: s.responseSeconds, resolutionSeconds: s.resolutionSeconds,
                    updateSeconds: s.updateSeconds, calendar: cal.key, clause: c.number} } AS severities,
  COLLECT { MATCH (v)-[:HAS_CHANNEL]->(ch:SupportChannel)-[:AVAILABLE_ON]->(cal:Calendar),
                  (ch)-[:DEFINED_IN]->(c:Clause)
            RETURN {uid: ch.uid, kind: ch.kind, address: ch.address, severities: ch.severities,
                    position: ch.position, calendar: cal.key, clause: c.number} } AS channels,
  COLLECT { MATCH (v)-[:HAS_ESCALATION]->(:EscalationPath)-[:DEFINED_IN]->(c:Clause)
            RETURN c.number } AS escalationClause,
  COLLECT { MATCH (v)-[:HAS_ESCALATION]->(:EscalationPath)-[:HAS_LEVEL]->(l:EscalationLevel)-[:HELD_BY]->(r:Role)
            RETURN {level: l.level, role: r.key} } AS levels,
  COLLECT { MATCH (v)-[:HAS_ESCALATION]->(:EscalationPath)-[:HAS_TRIGGER]->(t:EscalationTrigger)
            RETURN properties(t) } AS triggers,
  COLLECT { MATCH (v)-[:HAS_TERM]->(t:ContractTerm)-[:DEFINED_IN]->(c:Clause)
            RETURN {kind: t.kind, clause: c.number, props: properties(t)} } AS terms
