// Disputes with their transitions, evidence (with custody), citations and sealed bundles. Parameters: $keys
UNWIND $keys AS key
MATCH (d:Dispute {key: key})
RETURN d {.*} AS dispute,
  COLLECT { MATCH (d)-[:TRANSITION]->(t:DisputeTransition) RETURN t {.*} ORDER BY t.seq } AS transitions,
  COLLECT { MATCH (d)-[:HAS_EVIDENCE]->(e:EvidenceItem)
            RETURN e {.*, content: null,
                      custody: COLLECT { MATCH (e)-[:CUSTODY]->(c:CustodyEntry) RETURN c {.*} ORDER BY c.at, c.seq }}
            ORDER BY e.seq } AS evidence,
  COLLECT { MATCH (d)-[c:CITES]->(p:Precedent)
            RETURN {key: p.key, note: c.note, at: c.at, by: c.by, recordedBy: c.recordedBy,
                    history: COLLECT { MATCH (d)-[:CITATION_NOTE]->(n:CitationNote {precedentKey: p.key})
                                       RETURN n {.*} ORDER BY n.seq }}
            ORDER BY c.at, p.key } AS citations,
  COLLECT { MATCH (d)-[:SEALED]->(b:EvidenceBundle) RETURN b {.*, manifest: null, record: null} ORDER BY b.version } AS bundles
