// How much is stored: used to decide whether to seed. Parameters: none
RETURN COUNT { MATCH (:Contract) } AS contracts, COUNT { MATCH (:Precedent) } AS precedents,
       COUNT { MATCH (:Incident) } AS incidents
