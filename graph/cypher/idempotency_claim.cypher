// Claim an idempotency key for a principal, or return the claim made before (replaced once expired or stale).
// Parameters: $uid (principal and key), $principal, $key, $digest, $claim (this request's id),
//             $now, $expires (datetimes), $staleBefore (a PENDING claim older than this is abandoned)
OPTIONAL MATCH (old:IdempotencyKey {uid: $uid})
  WHERE old.expiresAt <= $now OR (old.state = 'PENDING' AND old.claimedAt < $staleBefore)
DELETE old
WITH count(*) AS cleared
MERGE (k:IdempotencyKey {uid: $uid})
  ON CREATE SET k.principal = $principal, k.key = $key, k.digest = $digest, k.state = 'PENDING',
                k.claim = $claim, k.claimedAt = $now, k.expiresAt = $expires
RETURN k.digest AS digest, k.state AS state, k.response AS response, k.claim = $claim AS claimed
