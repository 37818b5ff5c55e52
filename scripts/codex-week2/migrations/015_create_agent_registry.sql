-- codex 015 (Week 2): agent_registry, agent_capabilities, agent_assignments, agent_performance.
-- Tenant data carries workspace_id; RLS compares it with app.workspace_id (nullif guards the empty
-- string a rolled-back SET leaves). Every foreign key column is indexed.

CREATE TABLE agent_registry (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    owner_id uuid REFERENCES users (id) ON DELETE SET NULL,
    integration_id uuid REFERENCES integrations (id) ON DELETE SET NULL,
    name text NOT NULL,
    kind text NOT NULL DEFAULT 'assistant',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agent_capabilities (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    agent_id uuid NOT NULL REFERENCES agent_registry (id) ON DELETE CASCADE,
    permission_id uuid REFERENCES permissions (id) ON DELETE SET NULL,
    capability text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agent_assignments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    agent_id uuid NOT NULL REFERENCES agent_registry (id) ON DELETE CASCADE,
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    task_id uuid REFERENCES tasks (id) ON DELETE SET NULL,
    assigned_by uuid REFERENCES users (id) ON DELETE SET NULL,
    assigned_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agent_performance (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    agent_id uuid NOT NULL REFERENCES agent_registry (id) ON DELETE CASCADE,
    assignment_id uuid REFERENCES agent_assignments (id) ON DELETE SET NULL,
    executions integer NOT NULL DEFAULT 0,
    successes integer NOT NULL DEFAULT 0,
    last_run_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_agent_registry_workspace_id ON agent_registry (workspace_id, created_at DESC);
CREATE INDEX idx_agent_registry_owner_id ON agent_registry (owner_id);
CREATE INDEX idx_agent_registry_integration_id ON agent_registry (integration_id);
CREATE INDEX idx_agent_capabilities_workspace_id ON agent_capabilities (workspace_id, created_at DESC);
CREATE INDEX idx_agent_capabilities_agent_id ON agent_capabilities (agent_id);
CREATE INDEX idx_agent_capabilities_permission_id ON agent_capabilities (permission_id);
CREATE INDEX idx_agent_assignments_workspace_id ON agent_assignments (workspace_id, created_at DESC);
CREATE INDEX idx_agent_assignments_agent_id ON agent_assignments (agent_id);
CREATE INDEX idx_agent_assignments_campaign_id ON agent_assignments (campaign_id);
CREATE INDEX idx_agent_assignments_task_id ON agent_assignments (task_id);
CREATE INDEX idx_agent_assignments_assigned_by ON agent_assignments (assigned_by);
CREATE INDEX idx_agent_performance_workspace_id ON agent_performance (workspace_id, created_at DESC);
CREATE INDEX idx_agent_performance_agent_id ON agent_performance (agent_id);
CREATE INDEX idx_agent_performance_assignment_id ON agent_performance (assignment_id);

ALTER TABLE agent_registry ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON agent_registry
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

ALTER TABLE agent_capabilities ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON agent_capabilities
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

ALTER TABLE agent_assignments ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON agent_assignments
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

ALTER TABLE agent_performance ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON agent_performance
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

CREATE FUNCTION record_agent_execution(p_agent uuid, p_success boolean) RETURNS void LANGUAGE sql SET search_path = public, pg_temp AS $$
    UPDATE agent_performance SET executions = executions + 1, successes = successes + CASE WHEN p_success THEN 1 ELSE 0 END,
           last_run_at = now()
     WHERE agent_id = p_agent
$$;
