// What a principal may see: the contracts of its party (or of its granted disputes), their parties,
// and for granted disputes the disputes and incidents named.
// Parameters: $party (party key, or null), $disputes (dispute keys granted to an arbitrator, or null)
CALL () {
  OPTIONAL MATCH (c:Contract)-[:HAS_VERSION]->(:ContractVersion)-[:PARTY]->(:Party {key: $party})
  WHERE $disputes IS NULL
  RETURN collect(DISTINCT c.key) AS partyContracts
}
CALL () {
  OPTIONAL MATCH (d:Dispute) WHERE d.key IN coalesce($disputes, [])
  OPTIONAL MATCH (d)-[:CONCERNS]->(i:Incident)
  RETURN collect(DISTINCT d.key) AS disputes, collect(DISTINCT d.contractKey) AS disputeContracts,
         collect(DISTINCT i.key) AS incidents
}
WITH CASE WHEN $disputes IS NULL THEN partyContracts ELSE disputeContracts END AS contracts, disputes, incidents
CALL (contracts) {
  OPTIONAL MATCH (c:Contract)-[:HAS_VERSION]->(:ContractVersion)-[:PARTY]->(p:Party)
  WHERE c.key IN contracts
  RETURN collect(DISTINCT p.key) AS parties
}
RETURN contracts, disputes, incidents, parties
