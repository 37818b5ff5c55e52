-- codex 005 (Week 1): content_items, content_versions, tags, content_tags.
-- Tenant data carries workspace_id; RLS compares it with app.workspace_id (nullif guards the empty
-- string a rolled-back SET leaves). Every foreign key column is indexed.

CREATE TABLE content_items (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    brand_id uuid NOT NULL REFERENCES brands (id) ON DELETE CASCADE,
    author_id uuid REFERENCES users (id) ON DELETE SET NULL,
    title text NOT NULL,
    status text NOT NULL DEFAULT 'draft',
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE content_versions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    content_item_id uuid NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
    body text NOT NULL,
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tags (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    label text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE content_tags (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    content_item_id uuid NOT NULL REFERENCES content_items (id) ON DELETE CASCADE,
    tag_id uuid NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX idx_content_items_workspace_id ON content_items (workspace_id, created_at DESC);
CREATE INDEX idx_content_items_brand_id ON content_items (brand_id);
CREATE INDEX idx_content_items_author_id ON content_items (author_id);
CREATE INDEX idx_content_versions_content_item_id ON content_versions (content_item_id);
CREATE INDEX idx_content_tags_content_item_id ON content_tags (content_item_id);
CREATE INDEX idx_content_tags_tag_id ON content_tags (tag_id);

ALTER TABLE content_items ENABLE ROW LEVEL SECURITY;
CREATE POLICY workspace_isolation ON content_items
    USING (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid)
    WITH CHECK (workspace_id = nullif(current_setting('app.workspace_id', true), '')::uuid);
