// Outages recorded for contracts. Parameters: $keys
UNWIND $keys AS key
RETURN key, COLLECT { MATCH (:Contract {key: key})-[:HAD_OUTAGE]->(o:Outage) RETURN o {.*} ORDER BY o.start } AS outages
