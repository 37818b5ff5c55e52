-- codex 007 (Week 1): comments, approvals, workflows, workflow_steps.
-- Tenant data carries workspace_id; RLS compares it with app.workspace_id (nullif guards the empty
-- string a rolled-back SET leaves). Every foreign key column is indexed.

CREATE TABLE comments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    content_item_id uuid NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
    author_id uuid REFERENCES users (id) ON DELETE SET NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE approvals (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    content_item_id uuid NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
    approver_id uuid REFERENCES users (id) ON DELETE SET NULL,
    decision text NOT NULL DEFAULT 'pending',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE workflows (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE workflow_steps (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workflow_id uuid NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    position integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_comments_workspace_id ON comments (workspace_id, created_at DESC);
CREATE INDEX idx_comments_content_item_id ON comments (content_item_id);
CREATE INDEX idx_comments_author_id ON comments (author_id);
CREATE INDEX idx_approvals_content_item_id ON approvals (content_item_id);
CREATE INDEX idx_approvals_approver_id ON approvals (approver_id);
CREATE INDEX idx_workflows_workspace_id ON workflows (workspace_id, created_at DESC);
CREATE INDEX idx_workflow_steps_workflow_id ON workflow_steps (workflow_id);

ALTER TABLE comments ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON comments
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

ALTER TABLE workflows ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON workflows
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);
