// One page of incidents ordered by (reportedAt, key), with their properties (instants as text), and the total count.
// Parameters: $contract, $severity, $service, $status, $breached, $from, $to, $afterAt, $afterKey, $limit,
//             $contracts, $incidents (visible keys, or null for all), $disputes (unused),
//             $withTotal (false: total is 0, nothing counted), $withSettled (false: `settled` is null, not read)
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
  // with $withSettled, an incident without settled figures comes with what the rules need: its events and its
  // version's content hash (as incident_events gives them)
  RETURN collect(i {.*, settled: CASE WHEN $withSettled THEN i.settled END,
                    reportedAt: toString(i.reportedAt), createdAt: toString(i.createdAt),
                    lastAt: toString(i.lastAt), lockedAt: toString(i.lockedAt),
                    unsettledEvents: CASE WHEN $withSettled AND i.settled IS NULL THEN
                      COLLECT { MATCH (i)-[:HAS_EVENT]->(e:IncidentEvent)
                                RETURN e {.*, at: toString(e.at), recordedAt: toString(e.recordedAt)} ORDER BY e.seq }
                    END,
                    contractHash: CASE WHEN $withSettled AND i.settled IS NULL THEN
                      head([(i)-[:UNDER]->(v:ContractVersion) WHERE v.uid = i.contractUid | v.contentHash])
                    END}) AS page
}
RETURN total, page
