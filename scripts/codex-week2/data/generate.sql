-- codex data generator, run on the week-1 schema (after 012) before 013-017 apply.
-- ${scale} is replaced by the loader; W = 5 * scale workspaces. Row i of a workspace table belongs to
-- workspace i % W; a child names a parent of its own workspace as (its workspace) + W * k, so every
-- foreign key stays inside one workspace. ids are md5('<table>:<n>')::uuid.

CREATE TEMP TABLE codex_sizes ON COMMIT DROP AS SELECT 5 * ${scale} AS w;

INSERT INTO workspaces (id, name, slug)
SELECT md5('workspaces:' || i)::uuid, 'workspaces ' || i, 'ws-' || i
FROM codex_sizes, generate_series(0, w - 1) i;

INSERT INTO users (id, email, display_name)
SELECT md5('users:' || i)::uuid, 'user' || i || '@codex.test', 'users ' || i
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO workspace_members (id, workspace_id, user_id, role)
SELECT md5('workspace_members:' || i)::uuid, md5('workspaces:' || (i % w))::uuid, md5('users:' || (i % (4 * w)))::uuid, (ARRAY['owner', 'admin', 'member'])[1 + (i / w) % 3]
FROM codex_sizes, generate_series(0, 3 * w - 1) i;

INSERT INTO roles (id, name)
SELECT md5('roles:' || i)::uuid, 'roles ' || i
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO permissions (id, code)
SELECT md5('permissions:' || i)::uuid, 'permissions-' || i
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO role_permissions (id, role_id, permission_id)
SELECT md5('role_permissions:' || i)::uuid, md5('roles:' || (i % (4 * w)))::uuid, md5('permissions:' || (i % (4 * w)))::uuid
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO api_keys (id, workspace_id, created_by, label, key_hash)
SELECT md5('api_keys:' || i)::uuid, md5('workspaces:' || (i % w))::uuid, md5('users:' || (i % (4 * w)))::uuid, 'api_keys ' || i, 'api_keys ' || i
FROM codex_sizes, generate_series(0, 1 * w - 1) i;

INSERT INTO audit_events (id, workspace_id, actor_id, action)
SELECT md5('audit_events:' || i)::uuid, md5('workspaces:' || (i % w))::uuid, md5('users:' || (i % (4 * w)))::uuid, 'audit_events ' || i
FROM codex_sizes, generate_series(0, 5 * w - 1) i;

INSERT INTO brands (id, workspace_id, name)
SELECT md5('brands:' || i)::uuid, md5('workspaces:' || (i % w))::uuid, 'brands ' || i
FROM codex_sizes, generate_series(0, 2 * w - 1) i;

INSERT INTO brand_assets (id, workspace_id, brand_id, kind, url)
SELECT md5('brand_assets:' || i)::uuid, md5('workspaces:' || (i % w))::uuid, md5('brands:' || ((i % w) + w * ((i / w) % 2)))::uuid, 'brand_assets ' || i, 'brand_assets ' || i
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO personas (id, workspace_id, brand_id, name, summary)
SELECT md5('personas:' || i)::uuid, md5('workspaces:' || (i % w))::uuid, md5('brands:' || ((i % w) + w * ((i / w) % 2)))::uuid, 'personas ' || i, 'personas ' || i
FROM codex_sizes, generate_series(0, 3 * w - 1) i;

INSERT INTO audiences (id, workspace_id, persona_id, name)
SELECT md5('audiences:' || i)::uuid, md5('workspaces:' || (i % w))::uuid, md5('personas:' || ((i % w) + w * ((i / w) % 3)))::uuid, 'audiences ' || i
FROM codex_sizes, generate_series(0, 2 * w - 1) i;

INSERT INTO segments (id, audience_id, name)
SELECT md5('segments:' || i)::uuid, md5('audiences:' || (i % (2 * w)))::uuid, 'segments ' || i
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO segment_rules (id, segment_id, expression)
SELECT md5('segment_rules:' || i)::uuid, md5('segments:' || (i % (4 * w)))::uuid, 'segment_rules ' || i
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO content_items (id, workspace_id, brand_id, author_id, title)
SELECT md5('content_items:' || i)::uuid, md5('workspaces:' || (i % w))::uuid, md5('brands:' || ((i % w) + w * ((i / w) % 2)))::uuid, md5('users:' || (i % (4 * w)))::uuid, 'content_items ' || i
FROM codex_sizes, generate_series(0, 6 * w - 1) i;

INSERT INTO content_versions (id, content_item_id, body)
SELECT md5('content_versions:' || i)::uuid, md5('content_items:' || (i % (6 * w)))::uuid, 'content_versions ' || i
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO tags (id, label)
SELECT md5('tags:' || i)::uuid, 'tags-' || i
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO content_tags (id, content_item_id, tag_id)
SELECT md5('content_tags:' || i)::uuid, md5('content_items:' || (i % (6 * w)))::uuid, md5('tags:' || (i % (4 * w)))::uuid
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO channels (id, code)
SELECT md5('channels:' || i)::uuid, 'channels-' || i
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO channel_accounts (id, workspace_id, channel_id, handle)
SELECT md5('channel_accounts:' || i)::uuid, md5('workspaces:' || (i % w))::uuid, md5('channels:' || (i % (4 * w)))::uuid, 'channel_accounts ' || i
FROM codex_sizes, generate_series(0, 2 * w - 1) i;

INSERT INTO publications (id, workspace_id, content_item_id, channel_account_id)
SELECT md5('publications:' || i)::uuid, md5('workspaces:' || (i % w))::uuid, md5('content_items:' || ((i % w) + w * ((i / w) % 6)))::uuid, md5('channel_accounts:' || ((i % w) + w * ((i / w) % 2)))::uuid
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO schedules (id, publication_id)
SELECT md5('schedules:' || i)::uuid, md5('publications:' || (i % (4 * w)))::uuid
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO comments (id, workspace_id, content_item_id, author_id, body)
SELECT md5('comments:' || i)::uuid, md5('workspaces:' || (i % w))::uuid, md5('content_items:' || ((i % w) + w * ((i / w) % 6)))::uuid, md5('users:' || (i % (4 * w)))::uuid, 'comments ' || i
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO approvals (id, content_item_id, approver_id)
SELECT md5('approvals:' || i)::uuid, md5('content_items:' || (i % (6 * w)))::uuid, md5('users:' || (i % (4 * w)))::uuid
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO workflows (id, workspace_id, name)
SELECT md5('workflows:' || i)::uuid, md5('workspaces:' || (i % w))::uuid, 'workflows ' || i
FROM codex_sizes, generate_series(0, 1 * w - 1) i;

INSERT INTO workflow_steps (id, workflow_id)
SELECT md5('workflow_steps:' || i)::uuid, md5('workflows:' || (i % (1 * w)))::uuid
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO tasks (id, workspace_id, workflow_id, title)
SELECT md5('tasks:' || i)::uuid, md5('workspaces:' || (i % w))::uuid, md5('workflows:' || ((i % w) + w * ((i / w) % 1)))::uuid, 'tasks ' || i
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO task_assignments (id, task_id, user_id)
SELECT md5('task_assignments:' || i)::uuid, md5('tasks:' || (i % (4 * w)))::uuid, md5('users:' || (i % (4 * w)))::uuid
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO folders (id, workspace_id, name)
SELECT md5('folders:' || i)::uuid, md5('workspaces:' || (i % w))::uuid, 'folders ' || i
FROM codex_sizes, generate_series(0, 2 * w - 1) i;

INSERT INTO files (id, folder_id, name)
SELECT md5('files:' || i)::uuid, md5('folders:' || (i % (2 * w)))::uuid, 'files ' || i
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO integrations (id, workspace_id, provider)
SELECT md5('integrations:' || i)::uuid, md5('workspaces:' || (i % w))::uuid, 'integrations ' || i
FROM codex_sizes, generate_series(0, 1 * w - 1) i;

INSERT INTO webhooks (id, integration_id, url)
SELECT md5('webhooks:' || i)::uuid, md5('integrations:' || (i % (1 * w)))::uuid, 'webhooks ' || i
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO webhook_deliveries (id, webhook_id)
SELECT md5('webhook_deliveries:' || i)::uuid, md5('webhooks:' || (i % (4 * w)))::uuid
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO metrics_daily (id, publication_id)
SELECT md5('metrics_daily:' || i)::uuid, md5('publications:' || (i % (4 * w)))::uuid
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO dashboards (id, workspace_id, owner_id, name)
SELECT md5('dashboards:' || i)::uuid, md5('workspaces:' || (i % w))::uuid, md5('users:' || (i % (4 * w)))::uuid, 'dashboards ' || i
FROM codex_sizes, generate_series(0, 1 * w - 1) i;

INSERT INTO reports (id, dashboard_id, name)
SELECT md5('reports:' || i)::uuid, md5('dashboards:' || (i % (1 * w)))::uuid, 'reports ' || i
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO report_widgets (id, report_id, kind)
SELECT md5('report_widgets:' || i)::uuid, md5('reports:' || (i % (4 * w)))::uuid, 'report_widgets ' || i
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO notification_settings (id, user_id)
SELECT md5('notification_settings:' || i)::uuid, md5('users:' || (i % (4 * w)))::uuid
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO billing_accounts (id, workspace_id, owner_id)
SELECT md5('billing_accounts:' || i)::uuid, md5('workspaces:' || (i % w))::uuid, md5('users:' || (i % (4 * w)))::uuid
FROM codex_sizes, generate_series(0, 1 * w - 1) i;

INSERT INTO invoices (id, billing_account_id)
SELECT md5('invoices:' || i)::uuid, md5('billing_accounts:' || (i % (1 * w)))::uuid
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO subscriptions (id, billing_account_id, plan)
SELECT md5('subscriptions:' || i)::uuid, md5('billing_accounts:' || (i % (1 * w)))::uuid, 'subscriptions ' || i
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO usage_records (id, subscription_id)
SELECT md5('usage_records:' || i)::uuid, md5('subscriptions:' || (i % (4 * w)))::uuid
FROM codex_sizes, generate_series(0, 4 * w - 1) i;

INSERT INTO feature_flags (id, code)
SELECT md5('feature_flags:' || i)::uuid, 'feature_flags-' || i
FROM codex_sizes, generate_series(0, 4 * w - 1) i;
