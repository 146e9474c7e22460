// Takes the write lock of each (contract $contractKey, service) of $points when $lock is true, in service order, held
// to the end of the transaction. Included by the statements that count a service's reports (resolvers/incidents.py).
CALL () {
  WITH $lock AS wanted WHERE wanted
  UNWIND $points AS point
    WITH DISTINCT point.service AS service ORDER BY service
    MERGE (l:ServiceLock {uid: $contractKey + '/' + service})
    SET l.lockedAt = datetime.transaction()
}
