// The reports nearest to each point on a contract's service: the $limit latest reported at or before it and the
// $limit earliest at or after it, within $width seconds (wall clock), leaving out the incidents in $exclude.
// REPEATED asks only whether a window holds `count` reports, so this many, not the whole window, decide it
// (resolvers/incidents.py); each side reads the (contractKey, service, reportedAt) index in order and stops
// at $limit, so a busy service costs what a quiet one does.
// With $lock, first takes the write lock of each point's (contract, service), in order: new incidents on one
// service are then counted one transaction after another, each seeing the reports committed before it.
// Parameters: $contractKey, $points ({service, at}; sorted by service), $width, $limit, $exclude (keys), $lock
/*include service_lock_take*/
/*include service_near_rows*/
RETURN i.key AS key, i.service AS service, toString(i.reportedAt) AS reportedAt, i.contractUid AS contractUid
