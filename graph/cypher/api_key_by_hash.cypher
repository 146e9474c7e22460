// The API key whose secret hashes to $hash, unless revoked. Parameters: $hash
MATCH (k:ApiKey {secretHash: $hash})
WHERE k.revokedAt IS NULL
RETURN k {.*, secretHash: null} AS key
