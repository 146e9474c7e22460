// Stored breaches (as of their last recomputation) reached from each clause. Parameters: $ids
UNWIND $ids AS id
RETURN id, COLLECT { MATCH (:Clause {uid: id})<-[:BREACHES]-(b:Breach) RETURN b {.*} ORDER BY b.dueAt, b.uid } AS breaches
