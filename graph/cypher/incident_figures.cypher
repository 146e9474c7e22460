// Replace the stored figures of incidents by freshly computed ones (derived data): their breaches, and their
// status, current severity, breach count and levels held (for list filters), and their settled clocks and
// breaches (JSON text, or null while they can still change: resolvers/settled.py). Touches only these incidents
// and the breach nodes hanging off them.
// Breach instants arrive as ISO 8601 text (graph/temporal.py).
// Parameters: $incidents ({key, status, severity, breachCount, levelsHeld, settled}),
//             $breaches (maps: uid, incidentKey, kind, dueAt, overBySeconds, severity, clauseUid, obligor,
//             roleUid, person, level, credit..., trigger)
/*include incident_figures_rows*/
RETURN count(*) AS done
