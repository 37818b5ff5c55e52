-- c2pro 005: audit logging. The fourteenth tenant table, and triggers that record every change
-- to projects, documents and clauses. The trigger function is SECURITY DEFINER so the
-- application role needs no INSERT right on audit_logs; its search_path is pinned so a caller
-- cannot redirect the names it uses.
--
-- audit_logs.tenant_id has no foreign key on purpose: audit rows must outlive what they record.
-- With one, deleting a tenant could never succeed (the cascade's own audit rows would reference
-- the tenant being deleted); stagegate's ON DELETE rehearsal found exactly that.
CREATE TABLE audit_logs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   uuid NOT NULL,
    table_name  text NOT NULL,
    record_id   uuid NOT NULL,
    action      text NOT NULL CHECK (action IN ('INSERT', 'UPDATE', 'DELETE')),
    changed_by  text NOT NULL DEFAULT current_user,
    changed_at  timestamptz NOT NULL DEFAULT now(),
    old_data    jsonb,
    new_data    jsonb
);

CREATE INDEX idx_audit_logs_tenant_id ON audit_logs (tenant_id);
CREATE INDEX idx_audit_logs_record ON audit_logs (table_name, record_id);

ALTER TABLE audit_logs ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON audit_logs
    USING (tenant_id = nullif(current_setting('app.current_tenant', true), '')::uuid)
    WITH CHECK (tenant_id = nullif(current_setting('app.current_tenant', true), '')::uuid);

CREATE FUNCTION audit_row_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO audit_logs (tenant_id, table_name, record_id, action, old_data)
        VALUES (OLD.tenant_id, TG_TABLE_NAME, OLD.id, TG_OP, to_jsonb(OLD));
        RETURN OLD;
    END IF;
    INSERT INTO audit_logs (tenant_id, table_name, record_id, action, old_data, new_data)
    VALUES (NEW.tenant_id, TG_TABLE_NAME, NEW.id, TG_OP,
            CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END, to_jsonb(NEW));
    RETURN NEW;
END;
$$;

CREATE TRIGGER audit_projects AFTER INSERT OR UPDATE OR DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit_documents AFTER INSERT OR UPDATE OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();
CREATE TRIGGER audit_clauses AFTER INSERT OR UPDATE OR DELETE ON clauses
    FOR EACH ROW EXECUTE FUNCTION audit_row_change();
