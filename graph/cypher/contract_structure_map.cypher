// The structure of contract version `v` as one map, in the detail asked for (graph/reads.py, StructureDetail):
// the fields behind a flag are most of a structure's bytes. Included by the statements that return structures.
// Parameters: $withText (clause texts), $withClauseKinds (clause kinds and topics), $withCalendars (calendar
//             fields, else keys), $withResponsibilities (roles' responsibilities), $withIds (the uids of clauses,
//             roles and severity levels, else null), $termKinds (the kinds of ContractTerm to return; null: all)
// Every list is in its structure's order (clauses, severities and channels by position, calendars and roles by
// key, parties provider first then by key, levels by level, triggers by index): the positions are not returned.
{uid: v.uid,
 parties: COLLECT { MATCH (v)-[r:PARTY]->(p:Party) RETURN {key: p.key, name: p.name, role: r.role}
                    ORDER BY r.role <> 'PROVIDER', p.key },
 clauses: COLLECT { MATCH (v)-[:HAS_CLAUSE]->(c:Clause)
               RETURN CASE
                 WHEN $withText THEN {uid: CASE WHEN $withIds THEN c.uid END, number: c.number, heading: c.heading,
                                      kind: c.kind, topics: c.topics, text: c.text}
                 WHEN $withClauseKinds THEN {uid: CASE WHEN $withIds THEN c.uid END, number: c.number,
                                             heading: c.heading, kind: c.kind, topics: c.topics}
                 ELSE {uid: CASE WHEN $withIds THEN c.uid END, number: c.number, heading: c.heading} END
               ORDER BY c.position },
 calendars: COLLECT { MATCH (v)-[:HAS_CALENDAR]->(cal:Calendar)
               RETURN CASE WHEN $withCalendars THEN properties(cal) ELSE {key: cal.key} END ORDER BY cal.key },
 roles: COLLECT { MATCH (v)-[:HAS_ROLE]->(r:Role)-[:OF_PARTY]->(p:Party)
               RETURN CASE
                 WHEN $withResponsibilities THEN {uid: CASE WHEN $withIds THEN r.uid END, key: r.key, name: r.name,
                                                  responsibilities: r.responsibilities, party: p.key}
                 ELSE {uid: CASE WHEN $withIds THEN r.uid END, key: r.key, name: r.name, party: p.key} END
               ORDER BY r.key },
 severities: COLLECT { MATCH (v)-[:HAS_SEVERITY]->(s:SeverityLevel)-[:MEASURED_ON]->(cal:Calendar),
                     (s)-[:DEFINED_IN]->(c:Clause)
               RETURN {uid: CASE WHEN $withIds THEN s.uid END, code: s.code, name: s.name,
                       responseSeconds: s.responseSeconds, resolutionSeconds: s.resolutionSeconds,
                       updateSeconds: s.updateSeconds, calendar: cal.key, clause: c.number} ORDER BY s.position },
 channels: COLLECT { MATCH (v)-[:HAS_CHANNEL]->(ch:SupportChannel)-[:AVAILABLE_ON]->(cal:Calendar),
                     (ch)-[:DEFINED_IN]->(c:Clause)
               RETURN {kind: ch.kind, address: ch.address, severities: ch.severities, calendar: cal.key,
                       clause: c.number} ORDER BY ch.position },
 escalationClause: COLLECT { MATCH (v)-[:HAS_ESCALATION]->(:EscalationPath)-[:DEFINED_IN]->(c:Clause)
               RETURN c.number },
 levels: COLLECT { MATCH (v)-[:HAS_ESCALATION]->(:EscalationPath)-[:HAS_LEVEL]->(l:EscalationLevel)-[:HELD_BY]->(r:Role)
               RETURN {level: l.level, role: r.key} ORDER BY l.level },
 triggers: COLLECT { MATCH (v)-[:HAS_ESCALATION]->(:EscalationPath)-[:HAS_TRIGGER]->(t:EscalationTrigger)
               RETURN properties(t) ORDER BY t.index },
 terms: COLLECT { MATCH (v)-[:HAS_TERM]->(t:ContractTerm)-[:DEFINED_IN]->(c:Clause)
               WHERE $termKinds IS NULL OR t.kind IN $termKinds
               RETURN {kind: t.kind, clause: c.number, props: properties(t)} }}
