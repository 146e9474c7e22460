// One page of incidents ordered by (reportedAt, key), with their properties (instants as text), and the total count.
// Parameters: $contract, $severity, $service, $status, $breached, $from, $to, $afterAt, $afterKey, $limit,
//             $contracts, $incidents (visible keys, or null for all), $disputes (unused),
//             $withTotal (false: total is 0, nothing counted), $withSettled (false: `settled` is null, not read),
//             $withPeople (with $withSettled: the people the figures can name, read ahead)
/*include incident_page_total*/
CALL () {
  MATCH (i:Incident)
  // `reportedAt IS NOT NULL` (always true) lets the planner read the reportedAt index in order and stop at $limit
  WHERE i.reportedAt IS NOT NULL AND ($contract IS NULL OR i.contractKey = $contract)
    AND ($contracts IS NULL OR i.contractKey IN $contracts) AND ($incidents IS NULL OR i.key IN $incidents)
    AND ($severity IS NULL OR i.currentSeverity = $severity)
    AND ($service IS NULL OR i.service = $service)
    AND ($status IS NULL OR i.status = $status)
    AND ($breached IS NULL OR (i.breachCount > 0) = $breached)
    AND ($from IS NULL OR i.reportedAt >= $from)
    AND ($to IS NULL OR i.reportedAt < $to)
    AND ($afterAt IS NULL OR i.reportedAt > $afterAt OR (i.reportedAt = $afterAt AND i.key > $afterKey))
  WITH i ORDER BY i.reportedAt, i.key LIMIT $limit
  // with $withSettled, an incident without settled figures comes with what the rules need: its events, its
  // version's content hash (as incident_events gives them), the widest REPEATED window of that version's
  // escalation path (null: it has none) and the reports on its service inside it (as service_reports gives them)
  WITH i, CASE WHEN $withSettled AND i.settled IS NULL THEN
            COLLECT { MATCH (i)-[:UNDER]->(v:ContractVersion) WHERE v.uid = i.contractUid RETURN v }[0]
          END AS version
  WITH i, version, CASE WHEN version IS NOT NULL THEN
            COLLECT { MATCH (i)-[:HAS_EVENT]->(e:IncidentEvent)
                      RETURN e {.*, at: toString(e.at), recordedAt: toString(e.recordedAt)} ORDER BY e.seq }
          END AS events,
          CASE WHEN version IS NOT NULL THEN
            COLLECT { MATCH (version)-[:HAS_ESCALATION]->(:EscalationPath)
                            -[:HAS_TRIGGER]->(t:EscalationTrigger {kind: 'REPEATED'})
                      RETURN coalesce(t.windowSeconds, 0) AS seconds ORDER BY seconds DESC LIMIT 1 }[0]
          END AS width
  // with $withPeople, who its figures can name: the people of its stored breaches when they are settled, else
  // the actors and assignees of its events (domain/state.py)
  WITH i, version, events, width, CASE WHEN NOT ($withSettled AND $withPeople) THEN []
                                       WHEN i.settled IS NOT NULL THEN
                                         COLLECT { MATCH (b:Breach {incidentKey: i.key}) WHERE b.person IS NOT NULL
                                                   RETURN b.person }
                                       ELSE [e IN events WHERE e.actor IS NOT NULL | e.actor]
                                            + [e IN events WHERE e.assignee IS NOT NULL | e.assignee]
                                  END AS named
  WITH collect(i {.*, settled: CASE WHEN $withSettled THEN i.settled END,
                  reportedAt: toString(i.reportedAt), createdAt: toString(i.createdAt),
                  lastAt: toString(i.lastAt), lockedAt: toString(i.lockedAt),
                  unsettledEvents: events,
                  contractHash: version.contentHash,
                  windowSeconds: width,
                  windowReports: CASE WHEN width IS NOT NULL THEN
                    COLLECT { MATCH (o:Incident {contractKey: i.contractKey, service: i.service})
                              WHERE o.reportedAt >= i.reportedAt - duration({seconds: width})
                                AND o.reportedAt <= i.reportedAt
                              RETURN {key: o.key, reportedAt: toString(o.reportedAt),
                                      createdAt: toString(o.createdAt)} }
                  END}) AS page,
       collect(named) AS named
  RETURN page,
         COLLECT { UNWIND named AS keys UNWIND keys AS key
                   WITH DISTINCT key
                   OPTIONAL MATCH (m:Person {key: key})-[:MEMBER_OF]->(p:Party)
                   RETURN {key: key, person: CASE WHEN m IS NOT NULL THEN /*include person_row*/ END} } AS people
}
RETURN total, page, people
