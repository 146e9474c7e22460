// One page of disputes ordered by key, with the total. Parameters: $after, $limit, $contract, $status
CALL () {
  MATCH (d:Dispute)
  WHERE ($contract IS NULL OR d.contractKey = $contract) AND ($status IS NULL OR d.status = $status)
  RETURN count(d) AS total
}
CALL () {
  MATCH (d:Dispute)
  WHERE ($contract IS NULL OR d.contractKey = $contract) AND ($status IS NULL OR d.status = $status)
    AND ($after IS NULL OR d.key > $after)
  WITH d ORDER BY d.key LIMIT $limit
  RETURN collect(d.key) AS page
}
RETURN total, page
