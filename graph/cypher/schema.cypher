// Constraints and indexes of the Clausegraph graph, applied idempotently at start-up.
// Community Edition allows property-uniqueness constraints only.
CREATE CONSTRAINT contract_key IF NOT EXISTS FOR (n:Contract) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT contract_version_uid IF NOT EXISTS FOR (n:ContractVersion) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT party_key IF NOT EXISTS FOR (n:Party) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT person_key IF NOT EXISTS FOR (n:Person) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT clause_uid IF NOT EXISTS FOR (n:Clause) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT calendar_uid IF NOT EXISTS FOR (n:Calendar) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT severity_uid IF NOT EXISTS FOR (n:SeverityLevel) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT channel_uid IF NOT EXISTS FOR (n:SupportChannel) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT role_uid IF NOT EXISTS FOR (n:Role) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT escalation_level_uid IF NOT EXISTS FOR (n:EscalationLevel) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT escalation_trigger_uid IF NOT EXISTS FOR (n:EscalationTrigger) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT incident_key IF NOT EXISTS FOR (n:Incident) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT event_uid IF NOT EXISTS FOR (n:IncidentEvent) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT outage_uid IF NOT EXISTS FOR (n:Outage) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT breach_uid IF NOT EXISTS FOR (n:Breach) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT precedent_key IF NOT EXISTS FOR (n:Precedent) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT dispute_key IF NOT EXISTS FOR (n:Dispute) REQUIRE n.key IS UNIQUE;
CREATE INDEX contract_version_key IF NOT EXISTS FOR (n:ContractVersion) ON (n.key, n.version);
CREATE INDEX incident_contract IF NOT EXISTS FOR (n:Incident) ON (n.contractKey);
CREATE INDEX incident_service IF NOT EXISTS FOR (n:Incident) ON (n.contractKey, n.service);
CREATE INDEX incident_reported IF NOT EXISTS FOR (n:Incident) ON (n.reportedAt);
CREATE INDEX incident_service_reported IF NOT EXISTS FOR (n:Incident) ON (n.contractKey, n.service, n.reportedAt);
CREATE INDEX breach_due IF NOT EXISTS FOR (n:Breach) ON (n.dueAt);
CREATE INDEX outage_contract IF NOT EXISTS FOR (n:Outage) ON (n.contractKey);
CREATE FULLTEXT INDEX knowledge_text IF NOT EXISTS
  FOR (n:Clause|Precedent|Incident|EvidenceItem)
  ON EACH [n.heading, n.text, n.caseName, n.citation, n.holding, n.title, n.service];
CREATE CONSTRAINT evidence_uid IF NOT EXISTS FOR (n:EvidenceItem) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT bundle_uid IF NOT EXISTS FOR (n:EvidenceBundle) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT transition_uid IF NOT EXISTS FOR (n:DisputeTransition) REQUIRE n.uid IS UNIQUE;
CREATE INDEX breach_contract IF NOT EXISTS FOR (n:Breach) ON (n.contractKey);
CREATE INDEX breach_incident IF NOT EXISTS FOR (n:Breach) ON (n.incidentKey);
CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT api_key_hash IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.secretHash IS UNIQUE;
CREATE CONSTRAINT audit_seq IF NOT EXISTS FOR (n:AuditEntry) REQUIRE n.seq IS UNIQUE;
CREATE CONSTRAINT audit_head_id IF NOT EXISTS FOR (n:AuditHead) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT idempotency_uid IF NOT EXISTS FOR (n:IdempotencyKey) REQUIRE n.uid IS UNIQUE;
CREATE CONSTRAINT service_lock_uid IF NOT EXISTS FOR (n:ServiceLock) REQUIRE n.uid IS UNIQUE;
