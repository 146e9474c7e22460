// One page of latest contract versions, filtered, ordered by key, with the total count.
// Parameters: $after (key to start after, or null), $limit, $kind, $jurisdiction, $party, $text,
//             $contracts (visible contract keys, or null for all), $incidents, $disputes (unused),
//             $withStructure (each version's structure too, in the detail of contract_structure_map.cypher),
//             $withTotal (false: total is 0, nothing counted)
CALL () {
  // counted only $withTotal (else 0: a count over no rows)
  WITH $withTotal AS wanted WHERE wanted
  MATCH (c:Contract)-[:HAS_VERSION]->(v:ContractVersion)
  WHERE v.version = c.latestVersion
    AND ($contracts IS NULL OR c.key IN $contracts)
    AND ($kind IS NULL OR v.kind = $kind)
    AND ($jurisdiction IS NULL OR v.jurisdiction = $jurisdiction OR v.jurisdiction STARTS WITH $jurisdiction + '-')
    AND ($party IS NULL OR EXISTS { (v)-[:PARTY]->(:Party {key: $party}) })
    AND ($text IS NULL OR toLower(v.title) CONTAINS toLower($text))
  RETURN count(v) AS total
}
CALL () {
  // `c.key IS NOT NULL` (always true) lets the planner read the contract key index in order and stop at $limit
  // (a version's key is its contract's)
  MATCH (c:Contract)-[:HAS_VERSION]->(v:ContractVersion)
  WHERE c.key IS NOT NULL AND v.version = c.latestVersion
    AND ($contracts IS NULL OR c.key IN $contracts)
    AND ($kind IS NULL OR v.kind = $kind)
    AND ($jurisdiction IS NULL OR v.jurisdiction = $jurisdiction OR v.jurisdiction STARTS WITH $jurisdiction + '-')
    AND ($party IS NULL OR EXISTS { (v)-[:PARTY]->(:Party {key: $party}) })
    AND ($text IS NULL OR toLower(v.title) CONTAINS toLower($text))
    AND ($after IS NULL OR c.key > $after)
  WITH c, v ORDER BY c.key LIMIT $limit
  WITH v  // `c` out of scope: the structure's subqueries name their own
  WITH v, CASE WHEN $withStructure THEN /*include contract_structure_map*/ END AS structure
  RETURN collect(v {.uid, .key, .version, .title, .kind, .effective, .expires, .governingLaw, .jurisdiction, .currency,
                    .monthlyFee, .contentHash, .provider, importedAt: toString(v.importedAt), document: null, structure: structure}) AS page  // named: `.*` reads the document text
}
RETURN total, page
