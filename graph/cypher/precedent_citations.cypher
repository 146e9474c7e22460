// For each precedent, the cases it cites and the cases citing it, with the hop count (1..5).
// Parameters: $keys
UNWIND $keys AS key
MATCH (p:Precedent {key: key})
RETURN key,
  COLLECT { MATCH path = (p)-[:CITES*1..5]->(q:Precedent) WHERE q <> p
            WITH q, min(length(path)) AS depth RETURN {key: q.key, depth: depth} } AS cites,
  COLLECT { MATCH path = (q:Precedent)-[:CITES*1..5]->(p) WHERE q <> p
            WITH q, min(length(path)) AS depth RETURN {key: q.key, depth: depth} } AS citedBy
