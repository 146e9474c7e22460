// The people of parties, by party key, ordered by key (the same row shape as people_by_key).
// Parameters: $keys (party keys), $contracts (visible contract keys, or null = all),
//             $incidents, $disputes (unused)
UNWIND $keys AS key
MATCH (p:Party {key: key})
WHERE $contracts IS NULL OR EXISTS {
  MATCH (c:Contract)-[:HAS_VERSION]->(:ContractVersion)-[:PARTY]->(p) WHERE c.key IN $contracts
}
RETURN key, COLLECT {
  MATCH (m:Person)-[:MEMBER_OF]->(p)
  RETURN {
    key: m.key, name: m.name, party: p.key, partyName: p.name,
    roleUids: COLLECT { MATCH (m)-[:HOLDS]->(r:Role) RETURN r.uid ORDER BY r.uid DESC }
  } AS person ORDER BY m.key
} AS people
