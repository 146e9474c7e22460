// Record when a key was last used. Parameters: $id, $at
MATCH (k:ApiKey {id: $id})
SET k.lastUsedAt = $at
RETURN k.id AS id
