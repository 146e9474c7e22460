// Stored content of evidence items, for re-hashing. Parameters: $uids
UNWIND $uids AS uid
MATCH (e:EvidenceItem {uid: uid})
RETURN e.uid AS uid, e.content AS content, e.contentEncoding AS encoding, e.sha256 AS sha256
