-- c2pro data generator, run on the 001 schema before 002-005 apply.
-- The loader replaces ${scale} with a positive whole number: scale 1 is 6,280 rows in all
-- (2,000 clauses); the row count grows linearly, so scale 2500 puts 5 million rows in clauses,
-- the biggest table. The loader runs the script in one transaction.
--
-- Every id is md5('<kind>:<n>')::uuid, so a child can name its parent by arithmetic and every
-- row lands in its parent's tenant. The numbering keeps these invariants, which the foreign
-- keys of 003 and the tenant linkage checks rely on:
--   tenants T = 10*scale; users 5/tenant (user u -> tenant u % T); projects 4/tenant
--   (p -> tenant p % T, created by user p); documents 5/project (d -> project d % P);
--   clauses 10/document (c -> document c % D); one analysis per document; alerts 3/analysis;
--   extractions 5/document; stakeholders 4/project; wbs_items 10/project (w -> project w % P,
--   parent w - P); bom_items 2/wbs item; raci 2/stakeholder; ai_usage_logs 50/tenant.
-- Timestamps lie in the past, never in the future.

CREATE TEMP TABLE c2pro_sizes ON COMMIT DROP AS
SELECT t, 5 * t AS u, 4 * t AS p, 20 * t AS d, 200 * t AS c, 20 * t AS a, 60 * t AS al, 100 * t AS e,
       16 * t AS s, 40 * t AS w, 80 * t AS b, 32 * t AS r, 50 * t AS l
FROM (SELECT 10 * ${scale} AS t) x;

INSERT INTO tenants (id, name, slug, plan, created_at, updated_at)
SELECT md5('tenant:' || i)::uuid, 'Tenant ' || i, 'tenant-' || i,
       (ARRAY['standard', 'professional', 'enterprise'])[1 + i % 3],
       now() - interval '400 days' + i * interval '1 minute', now() - interval '1 day'
FROM c2pro_sizes, generate_series(0, t - 1) i;

INSERT INTO users (id, tenant_id, email, full_name, role, created_at, updated_at)
SELECT md5('user:' || i)::uuid, md5('tenant:' || (i % t))::uuid, 'user' || i || '@example.test',
       'User ' || i, (ARRAY['admin', 'member', 'viewer'])[1 + i % 3],
       now() - interval '300 days' + (i % 1000) * interval '1 minute', now() - interval '1 day'
FROM c2pro_sizes, generate_series(0, u - 1) i;

INSERT INTO projects (id, tenant_id, name, code, status, created_by, created_at, updated_at)
SELECT md5('project:' || i)::uuid, md5('tenant:' || (i % t))::uuid, 'Project ' || i, 'PRJ-' || i,
       (ARRAY['active', 'active', 'on_hold', 'closed'])[1 + i % 4], md5('user:' || i)::uuid,
       now() - interval '200 days' + (i % 1000) * interval '1 minute', now() - interval '1 day'
FROM c2pro_sizes, generate_series(0, p - 1) i;

INSERT INTO documents (id, tenant_id, project_id, filename, document_type, uploaded_by, created_at)
SELECT md5('document:' || i)::uuid, md5('tenant:' || ((i % p) % t))::uuid, md5('project:' || (i % p))::uuid,
       'contract-' || i || '.pdf', (ARRAY['contract', 'annex', 'amendment', 'specification'])[1 + i % 4],
       md5('user:' || ((i % p) % t + t * (i % 5)))::uuid,
       now() - interval '150 days' + (i % 10000) * interval '10 seconds'
FROM c2pro_sizes, generate_series(0, d - 1) i;

INSERT INTO clauses (id, tenant_id, document_id, clause_number, content, clause_type, created_at)
SELECT md5('clause:' || i)::uuid, md5('tenant:' || (((i % d) % p) % t))::uuid, md5('document:' || (i % d))::uuid,
       (1 + i / d) || '.' || (1 + i % 7), 'The contractor shall ' || md5(i::text) || ' within the agreed period.',
       (ARRAY['general', 'payment', 'liability', 'termination', 'penalty'])[1 + i % 5],
       now() - interval '140 days' + (i % 100000) * interval '1 second'
FROM c2pro_sizes, generate_series(0, c - 1) i;

INSERT INTO analyses (id, tenant_id, project_id, document_id, analysis_type, status, created_at, completed_at)
SELECT md5('analysis:' || i)::uuid, md5('tenant:' || ((i % p) % t))::uuid, md5('project:' || (i % p))::uuid,
       md5('document:' || i)::uuid, (ARRAY['risk', 'compliance', 'financial'])[1 + i % 3], 'completed',
       now() - interval '100 days' + (i % 10000) * interval '10 seconds',
       now() - interval '99 days' + (i % 10000) * interval '10 seconds'
FROM c2pro_sizes, generate_series(0, a - 1) i;

-- alert k of analysis a points at clause a + D*k, a clause of the same document.
INSERT INTO alerts (id, tenant_id, analysis_id, source_clause_id, severity, title, created_at)
SELECT md5('alert:' || i)::uuid, md5('tenant:' || (((i % a) % p) % t))::uuid, md5('analysis:' || (i % a))::uuid,
       md5('clause:' || ((i % a) + d * (i / a)))::uuid, (ARRAY['low', 'medium', 'high', 'critical'])[1 + i % 4],
       'Alert ' || i, now() - interval '90 days' + (i % 10000) * interval '10 seconds'
FROM c2pro_sizes, generate_series(0, al - 1) i;

INSERT INTO extractions (id, tenant_id, document_id, clause_id, field_name, value, confidence, created_at)
SELECT md5('extraction:' || i)::uuid, md5('tenant:' || (((i % d) % p) % t))::uuid, md5('document:' || (i % d))::uuid,
       md5('clause:' || ((i % d) + d * (i / d)))::uuid,
       (ARRAY['contract_value', 'start_date', 'end_date', 'penalty_rate', 'currency'])[1 + i % 5],
       'value-' || i, ((i % 1000) / 1000.0)::numeric(4, 3),
       now() - interval '80 days' + (i % 10000) * interval '10 seconds'
FROM c2pro_sizes, generate_series(0, e - 1) i;

INSERT INTO stakeholders (id, tenant_id, project_id, name, organization, role, email, created_at)
SELECT md5('stakeholder:' || i)::uuid, md5('tenant:' || ((i % p) % t))::uuid, md5('project:' || (i % p))::uuid,
       'Stakeholder ' || i, 'Org ' || (i % 97), (ARRAY['owner', 'contractor', 'engineer', 'auditor'])[1 + i % 4],
       'stakeholder' || i || '@example.test', now() - interval '190 days' + (i % 1000) * interval '1 minute'
FROM c2pro_sizes, generate_series(0, s - 1) i;

-- wbs item w belongs to project w % P; its parent w - P is in the same project, inserted first.
INSERT INTO wbs_items (id, tenant_id, project_id, parent_id, code, name, created_at)
SELECT md5('wbs:' || i)::uuid, md5('tenant:' || ((i % p) % t))::uuid, md5('project:' || (i % p))::uuid,
       CASE WHEN i >= p THEN md5('wbs:' || (i - p))::uuid END, '1.' || (1 + i / p), 'Work package ' || i,
       now() - interval '180 days' + (i % 1000) * interval '1 minute'
FROM c2pro_sizes, generate_series(0, w - 1) i
ORDER BY i;

INSERT INTO bom_items (id, tenant_id, project_id, wbs_item_id, item_code, description, quantity, unit_cost, created_at)
SELECT md5('bom:' || i)::uuid, md5('tenant:' || (((i % w) % p) % t))::uuid, md5('project:' || ((i % w) % p))::uuid,
       md5('wbs:' || (i % w))::uuid, 'BOM-' || i, 'Material ' || i, 1 + i % 50, 10 + (i % 500),
       now() - interval '170 days' + (i % 1000) * interval '1 minute'
FROM c2pro_sizes, generate_series(0, b - 1) i;

-- raci row r links stakeholder r % S with a wbs item of the same project.
INSERT INTO stakeholder_wbs_raci (id, tenant_id, stakeholder_id, wbs_item_id, raci_role, created_at)
SELECT md5('raci:' || i)::uuid, md5('tenant:' || (((i % s) % p) % t))::uuid, md5('stakeholder:' || (i % s))::uuid,
       md5('wbs:' || ((i % s) % p + p * (i / s)))::uuid, (ARRAY['R', 'A', 'C', 'I'])[1 + (i / s) % 4],
       now() - interval '160 days' + (i % 1000) * interval '1 minute'
FROM c2pro_sizes, generate_series(0, r - 1) i;

-- usage log l is written by user l % U, on a project of the same tenant.
INSERT INTO ai_usage_logs (id, tenant_id, user_id, project_id, model, tokens_in, tokens_out, cost_usd, created_at)
SELECT md5('usage:' || i)::uuid, md5('tenant:' || ((i % u) % t))::uuid, md5('user:' || (i % u))::uuid,
       md5('project:' || ((i % u) % t + t * (i % 4)))::uuid, (ARRAY['gpt-4o', 'claude', 'mistral'])[1 + i % 3],
       100 + i % 4000, 50 + i % 2000, ((i % 500) / 100.0)::numeric(10, 4),
       now() - interval '60 days' + (i % 100000) * interval '30 seconds'
FROM c2pro_sizes, generate_series(0, l - 1) i;
