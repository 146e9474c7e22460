// The stored canonical documents of contract versions (the source the SLA rules read terms from).
// Parameters: $uids
UNWIND $uids AS uid
MATCH (v:ContractVersion {uid: uid})
RETURN v.uid AS uid, v.document AS document
