// The frozen contents a sealed bundle holds, by evidence item. Parameters: $uid (bundle uid)
MATCH (b:EvidenceBundle {uid: $uid})-[h:HOLDS]->(c:SealedContent)
RETURN h.itemKey AS itemKey, c.content AS content, c.encoding AS encoding, c.sha256 AS sha256
