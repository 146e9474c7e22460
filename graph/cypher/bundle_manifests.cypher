// Sealed bundles with their manifests. Parameters: $uids
UNWIND $uids AS uid
MATCH (b:EvidenceBundle {uid: uid})
RETURN b {.*} AS bundle
