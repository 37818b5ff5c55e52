-- codex 016 (Week 2): intelligence_signals, market_insights.
-- Tenant data carries workspace_id; RLS compares it with app.workspace_id (nullif guards the empty
-- string a rolled-back SET leaves). Every foreign key column is indexed.

CREATE TABLE intelligence_signals (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    brand_id uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
    agent_id uuid REFERENCES agent_registry (id) ON DELETE SET NULL,
    source text NOT NULL,
    strength numeric(4, 3) NOT NULL DEFAULT 0 CHECK (strength BETWEEN 0 AND 1),
    priority integer NOT NULL DEFAULT 3,
    detected_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE market_insights (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    brand_id uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    signal_id uuid REFERENCES intelligence_signals (id) ON DELETE SET NULL,
    campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL,
    created_by uuid REFERENCES users (id) ON DELETE SET NULL,
    headline text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_intelligence_signals_workspace_id ON intelligence_signals (workspace_id, created_at DESC);
CREATE INDEX idx_intelligence_signals_brand_id ON intelligence_signals (brand_id);
CREATE INDEX idx_intelligence_signals_campaign_id ON intelligence_signals (campaign_id);
CREATE INDEX idx_intelligence_signals_agent_id ON intelligence_signals (agent_id);
CREATE INDEX idx_market_insights_workspace_id ON market_insights (workspace_id, created_at DESC);
CREATE INDEX idx_market_insights_brand_id ON market_insights (brand_id);
CREATE INDEX idx_market_insights_signal_id ON market_insights (signal_id);
CREATE INDEX idx_market_insights_campaign_id ON market_insights (campaign_id);
CREATE INDEX idx_market_insights_created_by ON market_insights (created_by);

ALTER TABLE intelligence_signals ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON intelligence_signals
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

ALTER TABLE market_insights ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON market_insights
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

CREATE FUNCTION create_insight_from_signals(p_brand uuid, p_headline text) RETURNS uuid LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v_id uuid;
BEGIN
    INSERT INTO market_insights (workspace_id, brand_id, headline, signal_id)
    SELECT b.workspace_id, b.id, p_headline,
           (SELECT s.id FROM intelligence_signals s WHERE s.brand_id = b.id ORDER BY s.strength DESC LIMIT 1)
      FROM brands b WHERE b.id = p_brand
    RETURNING id INTO v_id;
    RETURN v_id;
END;
$$;

CREATE FUNCTION get_active_insights(p_brand uuid) RETURNS SETOF market_insights LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT * FROM market_insights WHERE brand_id = p_brand AND active ORDER BY created_at DESC
$$;

CREATE FUNCTION get_priority_signals(p_limit integer DEFAULT 10) RETURNS SETOF intelligence_signals LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT * FROM intelligence_signals ORDER BY priority, strength DESC LIMIT p_limit
$$;
