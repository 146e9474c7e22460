// Keys of the incidents a dispute concerns. Parameters: $key
MATCH (:Dispute {key: $key})-[:CONCERNS]->(i:Incident)
RETURN i.key AS key
