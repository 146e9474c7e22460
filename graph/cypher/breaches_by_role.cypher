// Stored breaches (as of their last recomputation) reached from each role. Parameters: $ids
UNWIND $ids AS id
RETURN id, COLLECT { MATCH (:Role {uid: id})<-[:RESPONSIBLE]-(b:Breach) RETURN b {.*} ORDER BY b.dueAt, b.uid } AS breaches
