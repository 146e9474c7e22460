// Incidents of a contract reported on a service within a wall-clock range (for REPEATED windows, sla-rules §4).
// Reads the (contractKey, service, reportedAt) index only, so its cost follows the window, not the history.
// Parameters: $contractKey, $ranges ({service, from, to}; inclusive bounds)
UNWIND $ranges AS range
MATCH (i:Incident {contractKey: $contractKey, service: range.service})
WHERE i.reportedAt >= range.from AND i.reportedAt <= range.to
RETURN DISTINCT i.key AS key, i.service AS service, toString(i.reportedAt) AS reportedAt, i.contractUid AS contractUid
