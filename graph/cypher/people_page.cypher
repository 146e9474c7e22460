// One page of people ordered by key, with the total count (the same row shape as people_by_key).
// Parameters: $after (key to start after, or null), $limit, $party, $contract (members of its parties),
//             $text (part of the name), $contracts (visible contract keys, or null = all),
//             $incidents, $disputes (unused)
CALL () {
  MATCH (m:Person)-[:MEMBER_OF]->(p:Party)
  WHERE ($party IS NULL OR p.key = $party)
    AND ($text IS NULL OR toLower(m.name) CONTAINS toLower($text))
    AND ($contract IS NULL OR EXISTS { (:Contract {key: $contract})-[:HAS_VERSION]->(:ContractVersion)-[:PARTY]->(p) })
    AND ($contracts IS NULL OR EXISTS {
      MATCH (c:Contract)-[:HAS_VERSION]->(:ContractVersion)-[:PARTY]->(p) WHERE c.key IN $contracts
    })
  RETURN count(m) AS total
}
CALL () {
  MATCH (m:Person)-[:MEMBER_OF]->(p:Party)
  WHERE ($party IS NULL OR p.key = $party)
    AND ($text IS NULL OR toLower(m.name) CONTAINS toLower($text))
    AND ($contract IS NULL OR EXISTS { (:Contract {key: $contract})-[:HAS_VERSION]->(:ContractVersion)-[:PARTY]->(p) })
    AND ($contracts IS NULL OR EXISTS {
      MATCH (c:Contract)-[:HAS_VERSION]->(:ContractVersion)-[:PARTY]->(p) WHERE c.key IN $contracts
    })
    AND ($after IS NULL OR m.key > $after)
  WITH m, p ORDER BY m.key LIMIT $limit
  RETURN collect({
    key: m.key, name: m.name, party: p.key, partyName: p.name,
    roleUids: COLLECT { MATCH (m)-[:HOLDS]->(r:Role) RETURN r.uid ORDER BY r.uid DESC }
  }) AS page
}
RETURN total, page
