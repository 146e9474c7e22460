// People by key, with their party and the roles they hold. Parameters: $keys
UNWIND $keys AS key
MATCH (m:Person {key: key})-[:MEMBER_OF]->(p:Party)
RETURN /*include person_row*/ AS person
