// Take the write lock on incidents (serialising appends to each) and return what is stored of them.
// Parameters: $keys
UNWIND $keys AS key
MATCH (i:Incident {key: key})
SET i.lockedAt = datetime()
RETURN i {.*} AS incident
