-- codex 012 (Week 1): billing_accounts, invoices, subscriptions, usage_records, feature_flags.
-- Tenant data carries workspace_id; RLS compares it with app.workspace_id (nullif guards the empty
-- string a rolled-back SET leaves). Every foreign key column is indexed.

CREATE TABLE billing_accounts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    owner_id uuid REFERENCES users (id) ON DELETE SET NULL,
    currency text NOT NULL DEFAULT 'EUR',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE invoices (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    billing_account_id uuid NOT NULL REFERENCES billing_accounts (id) ON DELETE CASCADE,
    total numeric(12, 2) NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE subscriptions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    billing_account_id uuid NOT NULL REFERENCES billing_accounts (id) ON DELETE CASCADE,
    plan text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE usage_records (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    subscription_id uuid NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    units bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE feature_flags (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code text NOT NULL UNIQUE,
    enabled boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_billing_accounts_workspace_id ON billing_accounts (workspace_id, created_at DESC);
CREATE INDEX idx_billing_accounts_owner_id ON billing_accounts (owner_id);
CREATE INDEX idx_invoices_billing_account_id ON invoices (billing_account_id);
CREATE INDEX idx_subscriptions_billing_account_id ON subscriptions (billing_account_id);
CREATE INDEX idx_usage_records_subscription_id ON usage_records (subscription_id);

ALTER TABLE billing_accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON billing_accounts
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);
