// One page of API keys by creation, with the total. Parameters: $after (id to start after, or null), $limit
CALL () {
  MATCH (k:ApiKey)
  RETURN count(k) AS total
}
CALL () {
  MATCH (k:ApiKey)
  WHERE $after IS NULL OR k.id > $after
  WITH k ORDER BY k.id LIMIT $limit
  RETURN collect(k {.*, secretHash: null}) AS page
}
RETURN total, page
