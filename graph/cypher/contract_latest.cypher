// The latest version of each contract key, and every version uid of it.
// Parameters: $keys
UNWIND $keys AS key
MATCH (c:Contract {key: key})-[:HAS_VERSION]->(v:ContractVersion)
WITH c, v ORDER BY v.version
WITH c, collect(v.uid) AS uids
RETURN c.key AS key, c.key + '@' + toString(c.latestVersion) AS latest, uids
