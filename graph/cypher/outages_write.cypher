// Record outages of a contract (idempotent by uid). Parameters: $contractKey, $outages
MATCH (c:Contract {key: $contractKey})
UNWIND $outages AS row
MERGE (o:Outage {uid: row.uid})
ON CREATE SET o = row
MERGE (c)-[:HAD_OUTAGE]->(o)
RETURN count(o) AS done
