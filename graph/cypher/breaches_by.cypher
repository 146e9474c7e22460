// Stored breaches (as of their last recomputation) reached from a role, person, clause, contract or incident.
// Parameters: $ids (uids or keys of the starting nodes), $via ('role' | 'person' | 'clause' | 'contract' | 'uid')
UNWIND $ids AS id
CALL (id) {
  MATCH (b:Breach)
  WHERE ($via = 'role' AND EXISTS { (b)-[:RESPONSIBLE]->(:Role {uid: id}) })
     OR ($via = 'person' AND EXISTS { (b)-[:RESPONSIBLE]->(:Person {key: id}) })
     OR ($via = 'clause' AND EXISTS { (b)-[:BREACHES]->(:Clause {uid: id}) })
     OR ($via = 'contract' AND b.contractKey = id)
     OR ($via = 'uid' AND b.uid = id)
  RETURN b {.*} AS breach ORDER BY b.dueAt, b.uid
}
RETURN id, collect(breach) AS breaches
