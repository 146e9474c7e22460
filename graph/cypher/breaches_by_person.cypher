// Stored breaches (as of their last recomputation) reached from each person. Parameters: $ids
UNWIND $ids AS id
RETURN id, COLLECT { MATCH (:Person {key: id})<-[:RESPONSIBLE]-(b:Breach) RETURN b {.*} ORDER BY b.dueAt, b.uid } AS breaches
