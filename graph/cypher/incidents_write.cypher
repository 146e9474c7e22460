// Create incidents (if new), append events, record people. One statement per import or report (an event appended
// on its own goes with its figures: incident_append.cypher).
// Instants arrive as ISO 8601 text and are stored as DateTime (graph/temporal.py).
// Parameters: $newIncidents (new incident maps, with contractUid),
//             $chains ({incidentKey, events (event maps in seq order), lastSeq, headHash, lastAt}: the new head),
//             $people ({key, name, party, roleUid})
/*include incident_rows_write*/
RETURN count(*) AS done
