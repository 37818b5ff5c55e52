-- codex 011 (Week 1): metrics_daily, dashboards, reports, report_widgets, notification_settings.
-- Tenant data carries workspace_id; RLS compares it with app.workspace_id (nullif guards the empty
-- string a rolled-back SET leaves). Every foreign key column is indexed.

CREATE TABLE metrics_daily (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    publication_id uuid NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    day date NOT NULL DEFAULT current_date,
    impressions bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dashboards (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    owner_id uuid REFERENCES users (id) ON DELETE SET NULL,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reports (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    dashboard_id uuid NOT NULL REFERENCES dashboards (id) ON DELETE CASCADE,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE report_widgets (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    report_id uuid NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    kind text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE notification_settings (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    channel text NOT NULL DEFAULT 'email',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_metrics_daily_publication_id ON metrics_daily (publication_id);
CREATE INDEX idx_dashboards_workspace_id ON dashboards (workspace_id, created_at DESC);
CREATE INDEX idx_dashboards_owner_id ON dashboards (owner_id);
CREATE INDEX idx_reports_dashboard_id ON reports (dashboard_id);
CREATE INDEX idx_report_widgets_report_id ON report_widgets (report_id);
CREATE INDEX idx_notification_settings_user_id ON notification_settings (user_id);

ALTER TABLE dashboards ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON dashboards
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);
