-- codex 006 (Week 1): channels, channel_accounts, publications, schedules.
-- Tenant data carries workspace_id; RLS compares it with app.workspace_id (nullif guards the empty
-- string a rolled-back SET leaves). Every foreign key column is indexed.

CREATE TABLE channels (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE channel_accounts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    channel_id uuid NOT NULL REFERENCES channels (id) ON DELETE RESTRICT,
    handle text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE publications (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    content_item_id uuid NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
    channel_account_id uuid NOT NULL REFERENCES channel_accounts (id) ON DELETE CASCADE,
    published_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE schedules (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    publication_id uuid NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    run_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_channel_accounts_workspace_id ON channel_accounts (workspace_id, created_at DESC);
CREATE INDEX idx_channel_accounts_channel_id ON channel_accounts (channel_id);
CREATE INDEX idx_publications_workspace_id ON publications (workspace_id, created_at DESC);
CREATE INDEX idx_publications_content_item_id ON publications (content_item_id);
CREATE INDEX idx_publications_channel_account_id ON publications (channel_account_id);
CREATE INDEX idx_schedules_publication_id ON schedules (publication_id);

ALTER TABLE channel_accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON channel_accounts
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

ALTER TABLE publications ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON publications
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);
