// Contract versions by uid (key@version), without the stored document text.
// Parameters: $uids
UNWIND $uids AS uid
MATCH (v:ContractVersion {uid: uid})
RETURN v {.*, document: null} AS version
