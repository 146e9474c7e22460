// Evidence items with their stored content, for reading and downloading.
// Parameters: $uids (evidence item uids)
UNWIND $uids AS uid
MATCH (d:Dispute)-[:HAS_EVIDENCE]->(e:EvidenceItem {uid: uid})
RETURN e.uid AS uid, d.key AS dispute, e.content AS content, e.contentEncoding AS encoding,
       e.mediaType AS mediaType, e.fileName AS fileName, e.size AS size, e.sha256 AS sha256, e.label AS label
