// Incidents and breaches counted in groups for dashboards, as of the last write, per contract key
// (a null key counts every contract). Months are UTC: an incident's month of report, a breach's month of due.
// Parameters: $keys (contract keys, or [null]), $contracts, $incidents (visible keys, or null = all),
//             $disputes (unused)
UNWIND $keys AS key
CALL (key) {
  MATCH (i:Incident)
  WHERE (key IS NULL OR i.contractKey = key) AND ($contracts IS NULL OR i.contractKey IN $contracts)
    AND ($incidents IS NULL OR i.key IN $incidents)
  WITH i.status AS status, i.currentSeverity AS severity, i.service AS service,
       substring(toString(i.reportedAt), 0, 7) AS month, coalesce(i.breachCount, 0) > 0 AS breached, count(*) AS n
  RETURN collect({status: status, severity: severity, service: service, month: month, breached: breached, count: n})
         AS incidents
}
CALL (key) {
  MATCH (b:Breach)
  WHERE (key IS NULL OR b.contractKey = key) AND ($contracts IS NULL OR b.contractKey IN $contracts)
    AND ($incidents IS NULL OR b.incidentKey IN $incidents)
  WITH b.kind AS kind, b.severity AS severity, substring(toString(b.dueAt), 0, 7) AS month, count(*) AS n
  RETURN collect({kind: kind, severity: severity, month: month, count: n}) AS breaches
}
RETURN key, incidents, breaches
