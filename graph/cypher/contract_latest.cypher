// The latest version of each contract key, every version uid of it, and the latest version's row (as
// contract_versions returns it, so that reading a contract by key is one round trip, not two), and with
// $withStructure its structure too (in the detail of contract_structure_map.cypher).
// Parameters: $keys, $withStructure and the detail's (whose subqueries see this statement's variables: keep
//             their names apart)
UNWIND $keys AS key
MATCH (contract:Contract {key: key})-[:HAS_VERSION]->(v:ContractVersion)
WITH contract, v ORDER BY v.version
WITH contract, collect(v) AS versions
WITH contract, versions, [x IN versions WHERE x.version = contract.latestVersion][0] AS v
RETURN contract.key AS key, contract.key + '@' + toString(contract.latestVersion) AS latest, [x IN versions | x.uid] AS uids,
       v {.uid, .key, .version, .title, .kind, .effective, .expires, .governingLaw, .jurisdiction, .currency,
          .monthlyFee, .contentHash, .provider, importedAt: toString(v.importedAt), document: null} AS version,
       CASE WHEN $withStructure THEN /*include contract_structure_map*/ END AS structure
