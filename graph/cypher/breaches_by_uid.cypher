// Stored breaches (as of their last recomputation) reached from each uid. Parameters: $ids
UNWIND $ids AS id
RETURN id, COLLECT { MATCH (b:Breach {uid: id}) RETURN b {.*} ORDER BY b.dueAt, b.uid } AS breaches
