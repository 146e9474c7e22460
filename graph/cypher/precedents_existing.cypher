// Which of these precedent keys exist.
// Parameters: $keys
UNWIND $keys AS key
MATCH (p:Precedent {key: key})
RETURN p.key AS key
