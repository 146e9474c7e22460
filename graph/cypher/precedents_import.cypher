// Create or update precedents and their citation edges (idempotent: loading twice changes nothing).
// Parameters: $precedents (maps of Precedent properties), $citations ({from, to, note})
CALL () {
  UNWIND $precedents AS row
  MERGE (p:Precedent {key: row.key})
  SET p += row
}
CALL () {
  UNWIND $citations AS row
  MATCH (a:Precedent {key: row.from}), (b:Precedent {key: row.to})
  MERGE (a)-[c:CITES]->(b)
  SET c.note = row.note
}
RETURN count(*) AS done
