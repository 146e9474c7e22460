// Every audit entry in order, and the head, to re-walk the chain. Parameters: none
OPTIONAL MATCH (h:AuditHead {id: 'audit'})
RETURN h {.*} AS head, COLLECT { MATCH (a:AuditEntry) RETURN a {.*} ORDER BY a.seq } AS entries
