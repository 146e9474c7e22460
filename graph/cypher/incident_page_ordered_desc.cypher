// One page of incidents in descending order of $orderBy, ties broken by key (descending), with the total count.
// Parameters: $contract, $severity, $service, $status, $breached, $from, $to, $limit,
//             $orderBy ('REPORTED_AT' | 'SEVERITY' | 'BREACH_COUNT'), $afterValue, $afterKey (both null: first page),
//             $contracts, $incidents (visible keys, or null = all), $disputes (unused),
//             $withTotal (false: total is 0, nothing counted)
/*include incident_page_total*/
CALL () {
  MATCH (i:Incident)
  WHERE ($contract IS NULL OR i.contractKey = $contract)
    AND ($contracts IS NULL OR i.contractKey IN $contracts) AND ($incidents IS NULL OR i.key IN $incidents)
    AND ($severity IS NULL OR i.currentSeverity = $severity)
    AND ($service IS NULL OR i.service = $service)
    AND ($status IS NULL OR i.status = $status)
    AND ($breached IS NULL OR (i.breachCount > 0) = $breached)
    AND ($from IS NULL OR i.reportedAt >= $from)
    AND ($to IS NULL OR i.reportedAt < $to)
  WITH i, CASE $orderBy
      WHEN 'SEVERITY' THEN i.currentSeverity
      WHEN 'BREACH_COUNT' THEN coalesce(i.breachCount, 0)
      ELSE i.reportedAt
    END AS value
  WHERE $afterKey IS NULL OR value < $afterValue OR (value = $afterValue AND i.key < $afterKey)
  WITH i, value ORDER BY value DESC, i.key DESC LIMIT $limit
  RETURN collect({key: i.key, value: value}) AS page
}
RETURN total, page
