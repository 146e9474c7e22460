// One page of precedents ordered by key, with the total. Parameters: $after, $limit, $topic, $jurisdiction, $text
CALL () {
  MATCH (p:Precedent)
  WHERE ($topic IS NULL OR $topic IN p.topics)
    AND ($jurisdiction IS NULL OR p.jurisdiction = $jurisdiction)
    AND ($text IS NULL OR toLower(p.caseName) CONTAINS toLower($text))
  RETURN count(p) AS total
}
CALL () {
  MATCH (p:Precedent)
  WHERE ($topic IS NULL OR $topic IN p.topics)
    AND ($jurisdiction IS NULL OR p.jurisdiction = $jurisdiction)
    AND ($text IS NULL OR toLower(p.caseName) CONTAINS toLower($text))
    AND ($after IS NULL OR p.key > $after)
  WITH p ORDER BY p.key LIMIT $limit
  RETURN collect(properties(p)) AS page
}
RETURN total, page
