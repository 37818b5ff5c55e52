-- Undo 001: drops the initial tables (and with them every row).
DROP TABLE ai_usage_logs;
DROP TABLE stakeholder_wbs_raci;
DROP TABLE bom_items;
DROP TABLE wbs_items;
DROP TABLE stakeholders;
DROP TABLE extractions;
DROP TABLE alerts;
DROP TABLE analyses;
DROP TABLE clauses;
DROP TABLE documents;
DROP TABLE projects;
DROP TABLE users;
DROP TABLE tenants;
