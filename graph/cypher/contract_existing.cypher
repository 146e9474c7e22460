// What is stored already for a contract import: the same version's hash, the latest version,
// and the stored names of the parties and people the document names.
// Parameters: $key, $version, $partyKeys, $personKeys
OPTIONAL MATCH (c:Contract {key: $key})
OPTIONAL MATCH (c)-[:HAS_VERSION]->(same:ContractVersion {version: $version})
RETURN c.latestVersion AS latestVersion,
       same.contentHash AS sameVersionHash,
       COLLECT { MATCH (p:Party) WHERE p.key IN $partyKeys RETURN {key: p.key, name: p.name} } AS parties,
       COLLECT { MATCH (m:Person)-[:MEMBER_OF]->(p:Party) WHERE m.key IN $personKeys
                 RETURN {key: m.key, name: m.name, party: p.key} } AS people
