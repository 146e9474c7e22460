// Every version of a contract: its term (effective, expires), when it was imported, its stored document and
// provider, and whether it is the latest (a handful; for the governing version and the widest REPEATED
// window). Parameters: $key
MATCH (c:Contract {key: $key})-[:HAS_VERSION]->(v:ContractVersion)
RETURN v.uid AS uid, v.version AS version, v.effective AS effective, v.expires AS expires,
       toString(v.importedAt) AS importedAt, v.document AS document, v.provider AS provider,
       v.version = c.latestVersion AS latest
ORDER BY v.version
