// Status and current severity of incidents as of the last write, for list filters. Parameters: $rows
UNWIND $rows AS row
MATCH (i:Incident {key: row.key})
SET i.status = row.status, i.currentSeverity = row.severity, i.breachCount = row.breachCount,
    i.levelsHeld = row.levelsHeld
RETURN count(i) AS done
