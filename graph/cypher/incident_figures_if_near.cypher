// Write new incidents, then their figures only if the reports nearest to them are still those they were
// computed from, in one statement that takes the lock of each point's (contract, service) once the incidents are
// written: the lock is held from here to the commit only, not across the round trips and the evaluation before
// it (resolvers/incidents.py, refresh_after_reports). When another report came near since, no figures are
// written, `fits` is false, and `near` holds the nearest reports as the lock lets them be counted now (as
// service_reports_near.cypher returns them).
// Parameters: $contractKey, $points, $width, $limit, $exclude, $lock (true), as service_reports_near.cypher;
//             $expected (the "key contractUid" of each report the unlocked read found);
//             $incidents, $breaches, as incident_figures.cypher;
//             $people, $newIncidents, $chains: new incidents, written first whatever the count finds, as
//             incidents_write.cypher writes them (empty lists when they are written already)
/*include incident_rows_write*/
/*include service_lock_take*/
CALL () {
  /*include service_near_rows*/
  RETURN collect({key: i.key, service: i.service, reportedAt: toString(i.reportedAt), contractUid: i.contractUid})
         AS near
}
// both lists hold each report once, so same size and one inside the other means the same reports
WITH near, size(near) = size($expected) AND all(r IN near WHERE r.key + ' ' + r.contractUid IN $expected) AS fits
CALL (fits) {
  WITH fits WHERE fits
  /*include incident_figures_rows*/
}
RETURN fits, near
