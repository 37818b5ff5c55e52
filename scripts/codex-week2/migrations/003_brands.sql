-- codex 003 (Week 1): brands, brand_assets, personas.
-- Tenant data carries workspace_id; RLS compares it with app.workspace_id (nullif guards the empty
-- string a rolled-back SET leaves). Every foreign key column is indexed.

CREATE TABLE brands (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE brand_assets (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    brand_id uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    kind text NOT NULL,
    url text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE personas (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    brand_id uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    name text NOT NULL,
    summary text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_brands_workspace_id ON brands (workspace_id, created_at DESC);
CREATE INDEX idx_brand_assets_workspace_id ON brand_assets (workspace_id, created_at DESC);
CREATE INDEX idx_brand_assets_brand_id ON brand_assets (brand_id);
CREATE INDEX idx_personas_workspace_id ON personas (workspace_id, created_at DESC);
CREATE INDEX idx_personas_brand_id ON personas (brand_id);

ALTER TABLE brands ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON brands
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

ALTER TABLE brand_assets ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON brand_assets
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);

ALTER TABLE personas ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON personas
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);
