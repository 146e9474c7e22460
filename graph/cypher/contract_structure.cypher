// The structures of a batch of contract versions, nested, one row each, in one round trip.
// Parameters: $uids (ContractVersion uids), and the detail's (contract_structure_map.cypher)
UNWIND $uids AS uid
MATCH (v:ContractVersion {uid: uid})
RETURN /*include contract_structure_map*/ AS structure
