// Parties by key. Parameters: $keys
UNWIND $keys AS key
MATCH (p:Party {key: key})
RETURN p.key AS key, p.name AS name
