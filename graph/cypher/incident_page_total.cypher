// The number of incidents a page's filters match (0, nothing counted, unless $withTotal), as `total`. Included by
// the incident page statements. Each shape of filter has its own branch, so that the planner can use the index
// it allows: one contract's incidents are read from the contract index, a caller's visible contracts likewise,
// and no filter at all is answered by the count store; only the remaining branches read every incident.
// Each branch's condition is written out in parameters only: the planner then checks it before reading
// anything, while a condition held in a variable computed once (tried) let the third branch scan every incident
// whatever the filters.
CALL () {
  WITH $withTotal AS wanted WHERE wanted AND $contract IS NOT NULL
  MATCH (i:Incident {contractKey: $contract})
  WHERE ($contracts IS NULL OR i.contractKey IN $contracts) AND ($incidents IS NULL OR i.key IN $incidents)
    /*include incident_page_filters*/
  RETURN count(i) AS total
  UNION ALL
  WITH $withTotal AS wanted WHERE wanted AND $contract IS NULL AND $contracts IS NOT NULL
  MATCH (i:Incident) WHERE i.contractKey IN $contracts
    AND ($incidents IS NULL OR i.key IN $incidents)
    /*include incident_page_filters*/
  RETURN count(i) AS total
  UNION ALL
  WITH $withTotal AS wanted
  WHERE wanted AND $contract IS NULL AND $contracts IS NULL
    AND NOT ($incidents IS NULL AND $severity IS NULL AND $service IS NULL AND $status IS NULL AND $breached IS NULL
             AND $from IS NULL AND $to IS NULL)
  MATCH (i:Incident) WHERE ($incidents IS NULL OR i.key IN $incidents)
    /*include incident_page_filters*/
  RETURN count(i) AS total
  UNION ALL
  WITH $withTotal AS wanted
  WHERE wanted AND $contract IS NULL AND $contracts IS NULL
    AND $incidents IS NULL AND $severity IS NULL AND $service IS NULL AND $status IS NULL AND $breached IS NULL
    AND $from IS NULL AND $to IS NULL
  RETURN COUNT { MATCH (:Incident) } AS total  // the count store, not a scan
}
WITH sum(total) AS total
