// How many nodes and relationships the graph holds (from the count store; for load reports). Parameters: none
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
