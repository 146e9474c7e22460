// The stored documents of every version of a contract (a handful; for the widest REPEATED window).
// Parameters: $key
MATCH (:Contract {key: $key})-[:HAS_VERSION]->(v:ContractVersion)
RETURN v.uid AS uid, v.document AS document
