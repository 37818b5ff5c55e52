-- Undo 007: drops the governance schema (and every row in it).
DROP TABLE migration_log;
DROP TABLE audit_entries;
DROP TABLE verdict_events;
DROP TABLE decision_events;
DROP TABLE scopes;
DROP TABLE domain_owners;
DROP TABLE domains;
DROP TABLE organizations;
