-- codex 013 (Week 2): positioning, message_architecture, campaigns, campaign_quests, campaign_cohorts.
-- Tenant data carries workspace_id; RLS compares it with app.workspace_id (nullif guards the empty
-- string a rolled-back SET leaves). Every foreign key column is indexed.

CREATE TABLE positioning (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    brand_id uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    persona_id uuid REFERENCES personas (id) ON DELETE SET NULL,
    statement text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE message_architecture (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    positioning_id uuid NOT NULL REFERENCES positioning (id) ON DELETE CASCADE,
    audience_id uuid REFERENCES audiences (id) ON DELETE SET NULL,
    pillar text NOT NULL,
    proof_point text,
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE campaigns (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    brand_id uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    positioning_id uuid REFERENCES positioning (id) ON DELETE SET NULL,
    owner_id uuid REFERENCES users (id) ON DELETE SET NULL,
    name text NOT NULL,
    status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'running', 'done')),
    starts_on date,
    updated_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE campaign_quests (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    content_item_id uuid REFERENCES content_items (id) ON DELETE SET NULL,
    title text NOT NULL,
    moves_total integer NOT NULL DEFAULT 0,
    moves_won integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE campaign_cohorts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    audience_id uuid NOT NULL REFERENCES audiences (id) ON DELETE CASCADE,
    segment_id uuid REFERENCES segments (id) ON DELETE SET NULL,
    label text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_positioning_workspace_id ON positioning (workspace_id, created_at DESC);
CREATE INDEX idx_positioning_brand_id ON positioning (brand_id);
CREATE INDEX idx_positioning_persona_id ON positioning (persona_id);
CREATE INDEX idx_message_architecture_workspace_id ON message_architecture (workspace_id, created_at DESC);
CREATE INDEX idx_message_architecture_positioning_id ON message_architecture (positioning_id);
CREATE INDEX idx_message_architecture_audience_id ON message_architecture (audience_id);
CREATE INDEX idx_campaigns_workspace_id ON campaigns (workspace_id, created_at DESC);
CREATE INDEX idx_campaigns_brand_id ON campaigns (brand_id);
CREATE INDEX idx_campaigns_positioning_id ON campaigns (positioning_id);
CREATE INDEX idx_campaigns_owner_id ON campaigns (owner_id);
CREATE INDEX idx_campaign_quests_workspace_id ON campaign_quests (workspace_id, created_at DESC);
CREATE INDEX idx_campaign_quests_campaign_id ON campaign_quests (campaign_id);
CREATE INDEX idx_campaign_quests_content_item_id ON campaign_quests (content_item_id);
CREATE INDEX idx_campaign_cohorts_workspace_id ON campaign_cohorts (workspace_id, created_at DESC);
CREATE INDEX idx_campaign_cohorts_campaign_id ON campaign_cohorts (campaign_id);
CREATE INDEX idx_campaign_cohorts_audience_id ON campaign_cohorts (audience_id);
CREATE INDEX idx_campaign_cohorts_segment_id ON campaign_cohorts (segment_id);

ALTER TABLE positioning ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON positioning
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

ALTER TABLE message_architecture ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON message_architecture
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

ALTER TABLE campaigns ENABLE ROW LEVEL SECURITY;
ALTER TABLE campaigns FORCE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON campaigns
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

ALTER TABLE campaign_quests ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON campaign_quests
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

ALTER TABLE campaign_cohorts ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON campaign_cohorts
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER positioning_touch BEFORE UPDATE ON positioning FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

CREATE TRIGGER campaigns_touch BEFORE UPDATE ON campaigns FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
