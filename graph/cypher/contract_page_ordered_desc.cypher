// One page of latest contract versions in descending order of $orderBy, ties broken by key, with the total.
// Parameters: $kind, $jurisdiction, $party, $text, $limit, $orderBy ('KEY' | 'TITLE' | 'EFFECTIVE'),
//             $afterValue, $afterKey (both null: first page), $contracts (visible contract keys, or null = all),
//             $incidents, $disputes (unused),
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
  MATCH (c:Contract)-[:HAS_VERSION]->(v:ContractVersion)
  WHERE v.version = c.latestVersion
    AND ($contracts IS NULL OR c.key IN $contracts)
    AND ($kind IS NULL OR v.kind = $kind)
    AND ($jurisdiction IS NULL OR v.jurisdiction = $jurisdiction OR v.jurisdiction STARTS WITH $jurisdiction + '-')
    AND ($party IS NULL OR EXISTS { (v)-[:PARTY]->(:Party {key: $party}) })
    AND ($text IS NULL OR toLower(v.title) CONTAINS toLower($text))
  WITH v, CASE $orderBy
      WHEN 'TITLE' THEN toLower(v.title)
      WHEN 'EFFECTIVE' THEN v.effective
      ELSE v.key
    END AS value
  WHERE $afterKey IS NULL OR value < $afterValue OR (value = $afterValue AND v.key < $afterKey)
  WITH v, value ORDER BY value DESC, v.key DESC LIMIT $limit
  WITH v, value, CASE WHEN $withStructure THEN /*include contract_structure_map*/ END AS structure
  RETURN collect(v {.uid, .key, .version, .title, .kind, .effective, .expires, .governingLaw, .jurisdiction, .currency,
                    .monthlyFee, .contentHash, .provider, importedAt: toString(v.importedAt), document: null, structure: structure, sortValue: value}) AS page  // named: `.*` reads the document
}
RETURN total, page
