// Like service_reports_window, after taking the write lock of each (contract, service) in the ranges, in order.
// New incidents on one service are thus counted one transaction after another: each sees the reports committed
// before it, so two reports arriving at once cannot both miss each other in their REPEATED windows.
// Parameters: $contractKey, $ranges ({service, from, to}; inclusive bounds; sorted by service)
CALL () {
  UNWIND $ranges AS range
  WITH DISTINCT range.service AS service ORDER BY service
  MERGE (l:ServiceLock {uid: $contractKey + '/' + service})
  SET l.lockedAt = datetime.transaction()
}
UNWIND $ranges AS range
MATCH (i:Incident {contractKey: $contractKey, service: range.service})
WHERE i.reportedAt >= range.from AND i.reportedAt <= range.to
RETURN DISTINCT i.key AS key, i.service AS service, toString(i.reportedAt) AS reportedAt, i.contractUid AS contractUid
