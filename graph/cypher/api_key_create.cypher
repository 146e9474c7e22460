// Store a new API key (only the hash of its secret). Parameters: $key (properties)
CREATE (k:ApiKey)
SET k = $key
RETURN k {.*, secretHash: null} AS key
