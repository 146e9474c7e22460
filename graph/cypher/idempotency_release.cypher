// Give up an idempotency claim whose request failed without an outcome worth keeping (so a retry runs).
// Parameters: $uid, $claim
MATCH (k:IdempotencyKey {uid: $uid})
WHERE k.claim = $claim AND k.state = 'PENDING'
DELETE k
