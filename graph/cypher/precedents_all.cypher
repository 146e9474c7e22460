// Every precedent (a small, curated set) for ranking. Parameters: none
MATCH (p:Precedent)
RETURN properties(p) AS precedent ORDER BY p.key
