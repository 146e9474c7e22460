// The latest version of each contract key, every version uid of it, and the latest version's row (as
// contract_versions returns it, so that reading a contract by key is one round trip, not two).
// Parameters: $keys
UNWIND $keys AS key
MATCH (c:Contract {key: key})-[:HAS_VERSION]->(v:ContractVersion)
WITH c, v ORDER BY v.version
WITH c, collect(v) AS versions
RETURN c.key AS key, c.key + '@' + toString(c.latestVersion) AS latest, [v IN versions | v.uid] AS uids,
       [v IN versions WHERE v.version = c.latestVersion |
        v {.uid, .key, .version, .title, .kind, .effective, .expires, .governingLaw, .jurisdiction, .currency,
           .monthlyFee, .contentHash, .provider, importedAt: toString(v.importedAt), document: null}][0] AS version
