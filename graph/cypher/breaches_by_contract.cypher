// Stored breaches (as of their last recomputation) reached from each contract. Parameters: $ids
UNWIND $ids AS id
RETURN id, COLLECT { MATCH (b:Breach {contractKey: id}) RETURN b {.*} ORDER BY b.dueAt, b.uid } AS breaches
