// Revoke a key (kept, with when it was revoked). Parameters: $id, $at
MATCH (k:ApiKey {id: $id})
SET k.revokedAt = coalesce(k.revokedAt, $at)
RETURN k {.*, secretHash: null} AS key
