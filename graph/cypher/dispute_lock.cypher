// Take the write lock on a dispute and return it. Parameters: $key
MATCH (d:Dispute {key: $key})
SET d.lockedAt = datetime()
RETURN d {.*} AS dispute
