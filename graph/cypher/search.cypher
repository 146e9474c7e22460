// Full-text search over clauses, precedents, incidents and evidence, of what the caller may see.
// Parameters: $text (Lucene query, escaped by the caller), $limit, $withText (the matched text, for snippets),
//             $contracts, $incidents, $disputes (visible keys, or null for all)
// A caller who sees everything gets Lucene's top $limit at once; for anyone else the index cannot apply the
// scope, so every hit is read and the scope filters them before the limit (a busier graph costs more there).
WITH $contracts IS NULL AND $incidents IS NULL AND $disputes IS NULL AS everything
CALL (everything) {
  WITH everything WHERE everything
  CALL db.index.fulltext.queryNodes('knowledge_text', $text, {limit: $limit}) YIELD node, score
  RETURN node, score
  UNION ALL
  WITH everything WHERE NOT everything
  CALL db.index.fulltext.queryNodes('knowledge_text', $text) YIELD node, score
  RETURN node, score
}
OPTIONAL MATCH (node)<-[:HAS_EVIDENCE]-(d:Dispute)
WITH node, score, d, labels(node)[0] AS label, coalesce(node.contractKey, d.contractKey) AS contractKey
WHERE label = 'Precedent'
   OR (($contracts IS NULL OR contractKey IN $contracts)
       AND (label <> 'Incident' OR $incidents IS NULL OR node.key IN $incidents)
       AND (label <> 'EvidenceItem' OR $disputes IS NULL OR d.key IN $disputes))
WITH node, score, label, contractKey ORDER BY score DESC LIMIT $limit
RETURN label, score,
       coalesce(node.uid, node.key) AS id,
       node.key AS key, contractKey, node.version AS version, node.number AS number,
       coalesce(node.heading, node.caseName, node.title) AS title,
       CASE WHEN $withText THEN coalesce(node.text, node.holding, node.service) END AS text
