// A person (m) of a party (p) as people_by_key gives them: with the uids of the roles they hold. Included by
// people_by_key and incident_page.
{key: m.key, name: m.name, party: p.key, partyName: p.name,
 roleUids: COLLECT { MATCH (m)-[:HOLDS]->(r:Role) RETURN r.uid ORDER BY r.uid DESC }}
