// Append custody entries to evidence items. Parameters: $rows ({uid, entry})
UNWIND $rows AS row
MATCH (e:EvidenceItem {uid: row.uid})
CREATE (c:CustodyEntry)
SET c = row.entry
CREATE (e)-[:CUSTODY]->(c)
RETURN count(c) AS done
