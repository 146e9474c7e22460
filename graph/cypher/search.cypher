// Full-text search over clauses, precedents, incidents and evidence.
// Parameters: $text (Lucene query, escaped by the caller), $limit
CALL db.index.fulltext.queryNodes('knowledge_text', $text, {limit: $limit}) YIELD node, score
RETURN labels(node)[0] AS label, score,
       coalesce(node.uid, node.key) AS id,
       node.key AS key, node.contractKey AS contractKey, node.version AS version, node.number AS number,
       coalesce(node.heading, node.caseName, node.title) AS title,
       coalesce(node.text, node.holding, node.service) AS text
