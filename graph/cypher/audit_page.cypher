// One page of audit entries, newest first, filtered, with the total.
// Parameters: $before (seq to start before, or null), $limit, $principal, $operation, $outcome
CALL () {
  MATCH (a:AuditEntry)
  WHERE ($principal IS NULL OR a.principal = $principal) AND ($operation IS NULL OR a.operation = $operation)
    AND ($outcome IS NULL OR a.outcome = $outcome)
  RETURN count(a) AS total
}
CALL () {
  MATCH (a:AuditEntry)
  WHERE ($principal IS NULL OR a.principal = $principal) AND ($operation IS NULL OR a.operation = $operation)
    AND ($outcome IS NULL OR a.outcome = $outcome) AND ($before IS NULL OR a.seq < $before)
  WITH a ORDER BY a.seq DESC LIMIT $limit
  RETURN collect(a {.*}) AS page
}
RETURN total, page
