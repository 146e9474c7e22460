// Precedents by key. Parameters: $keys
UNWIND $keys AS key
MATCH (p:Precedent {key: key})
RETURN properties(p) AS precedent
