-- codex-week2's query suite for CE-26: per-workspace reads its indexes serve (tables of 001..012, so the
-- suite runs on both sides of the gate's 012 -> 017), and a control query no migration touches.

-- param: ws = SELECT workspace_id FROM content_items GROUP BY workspace_id ORDER BY count(*) DESC, workspace_id LIMIT 1
-- param: brand = SELECT brand_id FROM content_items GROUP BY brand_id ORDER BY count(*) DESC, brand_id LIMIT 1
-- param: item = SELECT content_item_id FROM content_versions GROUP BY content_item_id ORDER BY count(*) DESC, content_item_id LIMIT 1

-- name: members_of_workspace
-- max: 10ms
SELECT * FROM workspace_members WHERE workspace_id = :ws ORDER BY created_at DESC LIMIT 50;

-- name: audit_trail_of_workspace
-- max: 50ms
SELECT * FROM audit_events WHERE workspace_id = :ws ORDER BY created_at DESC LIMIT 100;

-- name: content_of_brand
-- max: 10ms
SELECT * FROM content_items WHERE brand_id = :brand;

-- name: versions_of_content
-- max: 10ms
SELECT * FROM content_versions WHERE content_item_id = :item;

-- name: recent_content_of_workspace
-- max: 10ms
SELECT * FROM content_items WHERE workspace_id = :ws ORDER BY created_at DESC LIMIT 50;

-- name: control
-- control
-- reads no table, so no migration can touch it (every table here gets RLS, keys or indexes from some migration):
-- its move between the arms is the host's
SELECT count(*), max(g) FROM generate_series(1, 2000) g;
