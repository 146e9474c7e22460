// People by key, with their party and the roles they hold. Parameters: $keys
UNWIND $keys AS key
MATCH (m:Person {key: key})-[:MEMBER_OF]->(p:Party)
RETURN m.key AS key, m.name AS name, p.key AS party, p.name AS partyName,
       COLLECT { MATCH (m)-[:HOLDS]->(r:Role) RETURN r.uid ORDER BY r.uid DESC } AS roleUids
