-- codex 008 (Week 1): tasks, task_assignments.
-- Tenant data carries workspace_id; RLS compares it with app.workspace_id (nullif guards the empty
-- string a rolled-back SET leaves). Every foreign key column is indexed.

CREATE TABLE tasks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    workflow_id uuid REFERENCES workflows (id) ON DELETE SET NULL,
    title text NOT NULL,
    done boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE task_assignments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    task_id uuid NOT NULL REFERENCES tasks (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_tasks_workspace_id ON tasks (workspace_id, created_at DESC);
CREATE INDEX idx_tasks_workflow_id ON tasks (workflow_id);
CREATE INDEX idx_task_assignments_task_id ON task_assignments (task_id);
CREATE INDEX idx_task_assignments_user_id ON task_assignments (user_id);

ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON tasks
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);
