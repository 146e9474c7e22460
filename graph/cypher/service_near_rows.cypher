// The incidents nearest to each of $points on contract $contractKey's services (as `i`, distinct): the $limit
// latest reported at or before the point and the $limit earliest at or after it, within $width seconds, without
// those in $exclude. Included by the statements that count a service's reports (service_reports_near.cypher).
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
