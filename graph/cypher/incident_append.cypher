// Append one incident's new events and replace its figures, in one statement: an event changes only its own
// incident's figures, and they are computed from the chain as it will stand (resolvers/incidents.py,
// record_event), so the two go to Neo4j together.
// Parameters: $chains, as incidents_write.cypher; $incidents, $breaches, as incident_figures.cypher
/*include incident_chains_write*/
/*include incident_figures_rows*/
RETURN count(*) AS done
