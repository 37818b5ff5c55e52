-- codex 010 (Week 1): integrations, webhooks, webhook_deliveries.
-- Tenant data carries workspace_id; RLS compares it with app.workspace_id (nullif guards the empty
-- string a rolled-back SET leaves). Every foreign key column is indexed.

CREATE TABLE integrations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    provider text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhooks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    integration_id uuid NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    url text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhook_deliveries (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    status integer NOT NULL DEFAULT 200,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_integrations_workspace_id ON integrations (workspace_id, created_at DESC);
CREATE INDEX idx_webhooks_integration_id ON webhooks (integration_id);
CREATE INDEX idx_webhook_deliveries_webhook_id ON webhook_deliveries (webhook_id);

ALTER TABLE integrations ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON integrations
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);
