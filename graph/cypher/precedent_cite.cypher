// A dispute cites a precedent: the citation carries the latest note; every note, earlier ones included, is kept
// as a CitationNote in order. Parameters: $key, $precedentKey, $note, $at (server time, also kept as
// recordedAt), $by, $recordedBy (the principal)
MATCH (d:Dispute {key: $key}), (p:Precedent {key: $precedentKey})
MERGE (d)-[c:CITES]->(p)
SET c.note = $note, c.at = $at, c.by = $by, c.recordedBy = $recordedBy, c.recordedAt = $at
WITH d, p, c
CREATE (n:CitationNote)
SET n.seq = COUNT { (d)-[:CITATION_NOTE]->(:CitationNote {precedentKey: p.key}) } + 1,
    n.uid = d.key + '/' + p.key + '#' + toString(n.seq),
    n.disputeKey = d.key, n.precedentKey = p.key, n.note = $note, n.at = $at, n.by = $by,
    n.recordedAt = $at, n.recordedBy = $recordedBy
CREATE (d)-[:CITATION_NOTE]->(n)
RETURN p.key AS key
