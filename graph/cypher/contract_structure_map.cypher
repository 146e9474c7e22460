// The structure of contract version `v` as one map, in the detail asked for (graph/reads.py, StructureDetail):
// the fields behind a flag are most of a structure's bytes. Included by the statements that return structures.
// Parameters: $withText (clause texts), $withClauseKinds (clause kinds and topics), $withCalendars (calendar
//             fields, else keys), $withResponsibilities (roles' responsibilities), $termKinds (the kinds of
//             ContractTerm to return; null: all)
{uid: v.uid,
 parties: COLLECT { MATCH (v)-[r:PARTY]->(p:Party) RETURN {key: p.key, name: p.name, role: r.role} },
 clauses: COLLECT { MATCH (v)-[:HAS_CLAUSE]->(c:Clause)
               RETURN CASE
                 WHEN $withText THEN {uid: c.uid, number: c.number, heading: c.heading, kind: c.kind, topics: c.topics,
                                      text: c.text, position: c.position}
                 WHEN $withClauseKinds THEN {uid: c.uid, number: c.number, heading: c.heading, kind: c.kind,
                                             topics: c.topics, position: c.position}
                 ELSE {uid: c.uid, number: c.number, heading: c.heading, position: c.position} END },
 calendars: COLLECT { MATCH (v)-[:HAS_CALENDAR]->(cal:Calendar)
               RETURN CASE WHEN $withCalendars THEN properties(cal) ELSE {key: cal.key} END },
 roles: COLLECT { MATCH (v)-[:HAS_ROLE]->(r:Role)-[:OF_PARTY]->(p:Party)
               RETURN CASE
                 WHEN $withResponsibilities THEN {uid: r.uid, key: r.key, name: r.name,
                                                  responsibilities: r.responsibilities, party: p.key}
                 ELSE {uid: r.uid, key: r.key, name: r.name, party: p.key} END },
 severities: COLLECT { MATCH (v)-[:HAS_SEVERITY]->(s:SeverityLevel)-[:MEASURED_ON]->(cal:Calendar),
                     (s)-[:DEFINED_IN]->(c:Clause)
               RETURN {uid: s.uid, code: s.code, name: s.name, position: s.position,
                       responseSeconds: s.responseSeconds, resolutionSeconds: s.resolutionSeconds,
                       updateSeconds: s.updateSeconds, calendar: cal.key, clause: c.number} },
 channels: COLLECT { MATCH (v)-[:HAS_CHANNEL]->(ch:SupportChannel)-[:AVAILABLE_ON]->(cal:Calendar),
                     (ch)-[:DEFINED_IN]->(c:Clause)
               RETURN {uid: ch.uid, kind: ch.kind, address: ch.address, severities: ch.severities,
                       position: ch.position, calendar: cal.key, clause: c.number} },
 escalationClause: COLLECT { MATCH (v)-[:HAS_ESCALATION]->(:EscalationPath)-[:DEFINED_IN]->(c:Clause)
               RETURN c.number },
 levels: COLLECT { MATCH (v)-[:HAS_ESCALATION]->(:EscalationPath)-[:HAS_LEVEL]->(l:EscalationLevel)-[:HELD_BY]->(r:Role)
               RETURN {level: l.level, role: r.key} },
 triggers: COLLECT { MATCH (v)-[:HAS_ESCALATION]->(:EscalationPath)-[:HAS_TRIGGER]->(t:EscalationTrigger)
               RETURN properties(t) },
 terms: COLLECT { MATCH (v)-[:HAS_TERM]->(t:ContractTerm)-[:DEFINED_IN]->(c:Clause)
               WHERE $termKinds IS NULL OR t.kind IN $termKinds
               RETURN {kind: t.kind, clause: c.number, props: properties(t)} }}
