// Put incidents under the contract version that governs them (after an amendment). Derived data: the
// incident's events and hashes are untouched. Parameters: $rows ({key, contractUid})
UNWIND $rows AS row
MATCH (i:Incident {key: row.key})
MATCH (v:ContractVersion {uid: row.contractUid})
OPTIONAL MATCH (i)-[old:UNDER]->(:ContractVersion)
DELETE old
SET i.contractUid = row.contractUid
CREATE (i)-[:UNDER]->(v)
RETURN count(*) AS done
