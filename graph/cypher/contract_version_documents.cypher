// Every version of a contract: its term (effective, expires), when it was imported, and its stored document
// (a handful; for the governing version and the widest REPEATED window). Parameters: $key
MATCH (:Contract {key: $key})-[:HAS_VERSION]->(v:ContractVersion)
RETURN v.uid AS uid, v.version AS version, v.effective AS effective, v.expires AS expires,
       toString(v.importedAt) AS importedAt, v.document AS document
ORDER BY v.version
