-- codex 004 (Week 1): audiences, segments, segment_rules.
-- Tenant data carries workspace_id; RLS compares it with app.workspace_id (nullif guards the empty
-- string a rolled-back SET leaves). Every foreign key column is indexed.

CREATE TABLE audiences (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    persona_id uuid REFERENCES personas (id) ON DELETE SET NULL,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE segments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    audience_id uuid NOT NULL REFERENCES audiences (id) ON DELETE CASCADE,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE segment_rules (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    segment_id uuid NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
    expression text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_audiences_workspace_id ON audiences (workspace_id, created_at DESC);
CREATE INDEX idx_audiences_persona_id ON audiences (persona_id);
CREATE INDEX idx_segments_audience_id ON segments (audience_id);
CREATE INDEX idx_segment_rules_segment_id ON segment_rules (segment_id);

ALTER TABLE audiences ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON audiences
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);
