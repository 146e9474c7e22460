// The latest version of a contract with its stored document and provider. Parameters: $key
MATCH (c:Contract {key: $key})-[:HAS_VERSION]->(v:ContractVersion)
WHERE v.version = c.latestVersion
RETURN v.uid AS uid, v.document AS document, v.provider AS provider
