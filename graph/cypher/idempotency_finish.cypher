// Record the outcome of the request that holds an idempotency claim.
// Parameters: $uid, $claim, $response (the JSON text of the first outcome)
MATCH (k:IdempotencyKey {uid: $uid})
WHERE k.claim = $claim
SET k.state = 'DONE', k.response = $response
RETURN k.uid AS uid
