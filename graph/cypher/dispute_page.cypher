// One page of disputes ordered by key, with the total. Parameters: $after, $limit, $contract, $status,
// $contracts, $disputes (visible keys, or null for all), $incidents (unused)
CALL () {
  MATCH (d:Dispute)
  WHERE ($contract IS NULL OR d.contractKey = $contract) AND ($status IS NULL OR d.status = $status)
    AND ($contracts IS NULL OR d.contractKey IN $contracts) AND ($disputes IS NULL OR d.key IN $disputes)
  RETURN count(d) AS total
}
CALL () {
  MATCH (d:Dispute)
  WHERE ($contract IS NULL OR d.contractKey = $contract) AND ($status IS NULL OR d.status = $status)
    AND ($contracts IS NULL OR d.contractKey IN $contracts) AND ($disputes IS NULL OR d.key IN $disputes)
    AND ($after IS NULL OR d.key > $after)
  WITH d ORDER BY d.key LIMIT $limit
  RETURN collect(d.key) AS page
}
RETURN total, page
