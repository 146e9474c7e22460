// The reports nearest to each point on a contract's service: the $limit latest reported at or before it and the
// $limit earliest at or after it, within $width seconds (wall clock), leaving out the incidents in $exclude.
// REPEATED asks only whether a window holds `count` reports, so this many, not the whole window, decide it
// (resolvers/incidents.py); each side reads the (contractKey, service, reportedAt) index in order and stops
// at $limit, so a busy service costs what a quiet one does.
// With $lock, first takes the write lock of each point's (contract, service), in order: new incidents on one
// service are then counted one transaction after another, each seeing the reports committed before it.
// Parameters: $contractKey, $points ({service, at}; sorted by service), $width, $limit, $exclude (keys), $lock
CALL () {
  WITH $lock AS wanted WHERE wanted
  UNWIND $points AS point
  WITH DISTINCT point.service AS service ORDER BY service
  MERGE (l:ServiceLock {uid: $contractKey + '/' + service})
  SET l.lockedAt = datetime.transaction()
}
UNWIND $points AS point
CALL (point) {
  MATCH (i:Incident {contractKey: $contractKey, service: point.service})
  WHERE i.reportedAt <= point.at AND i.reportedAt >= point.at - duration({seconds: $width})
    AND NOT i.key IN $exclude
  // ordered on the whole index key (the first two are fixed) so that Neo4j walks the index and stops at $limit
  WITH i ORDER BY i.contractKey DESC, i.service DESC, i.reportedAt DESC LIMIT $limit
  RETURN i
  UNION
  MATCH (i:Incident {contractKey: $contractKey, service: point.service})
  WHERE i.reportedAt >= point.at AND i.reportedAt <= point.at + duration({seconds: $width})
    AND NOT i.key IN $exclude
  WITH i ORDER BY i.contractKey, i.service, i.reportedAt LIMIT $limit
  RETURN i
}
WITH DISTINCT i
RETURN i.key AS key, i.service AS service, toString(i.reportedAt) AS reportedAt, i.contractUid AS contractUid
