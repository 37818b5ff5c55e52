-- Undo 005: drops the audit triggers, their function and the audit table (its rows are lost;
-- take the post-migration backup first if they matter).
DROP TRIGGER audit_clauses ON clauses;
DROP TRIGGER audit_documents ON documents;
DROP TRIGGER audit_projects ON projects;
DROP FUNCTION audit_row_change();
DROP TABLE audit_logs;
