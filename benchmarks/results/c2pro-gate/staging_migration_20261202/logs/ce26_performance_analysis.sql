-- CE-26: the queries stagegate ran for this performance check (psql: \i ce26_performance_analysis.sql)
-- suite: /work/main/scripts/c2pro/queries.sql

-- table and index sizes (both arms, before the benchmark)
SELECT n.nspname || '.' || c.relname, c.relkind::text, coalesce(tn.nspname || '.' || t.relname, ''), greatest(c.reltuples, 0),
       pg_relation_size(c.oid), CASE WHEN c.relkind IN ('r', 'm', 'p') THEN pg_total_relation_size(c.oid) ELSE pg_relation_size(c.oid) END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_index i ON i.indexrelid = c.oid LEFT JOIN pg_class t ON t.oid = i.indrelid LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
WHERE c.relkind IN ('r', 'm', 'p', 'i') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_%'
ORDER BY 1;

-- index usage (candidate, before and after the benchmark; the difference is what the suite used)
SELECT schemaname || '.' || indexrelname, schemaname || '.' || relname, idx_scan FROM pg_stat_user_indexes ORDER BY 1;

-- connection health (the benchmark's own sessions under application_name 'stagegate bench <run>')
SELECT coalesce(state, 'unknown'), count(*), count(*) FILTER (WHERE application_name = 'stagegate bench 20261202-074036-d19a' AND datname = current_database()),
       coalesce(max(extract(epoch FROM now() - state_change)) FILTER (WHERE state LIKE 'idle in transaction%'), 0),
       current_setting('max_connections')::int
FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1 ORDER BY 1;

-- slow statements (when pg_stat_statements is installed)
SELECT round(s.mean_exec_time::numeric, 1), s.calls, left(regexp_replace(s.query, '\s+', ' ', 'g'), 200)
FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
WHERE d.datname = current_database() AND s.mean_exec_time > 1000 ORDER BY s.mean_exec_time DESC LIMIT 20;

-- row-level security the benchmark's role skips on the tables the plans read (candidate)
SELECT n.nspname || '.' || c.relname,
       CASE WHEN r.rolsuper THEN 'a superuser' WHEN r.rolbypassrls THEN 'BYPASSRLS' ELSE 'the table''s owner (no FORCE)' END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, pg_roles r
WHERE r.rolname = current_user AND c.relrowsecurity AND c.relkind IN ('r', 'p')
  AND n.nspname || '.' || c.relname = ANY ('stagegate bench 20261202-074036-d19a')
  AND (r.rolsuper OR r.rolbypassrls OR (pg_has_role(r.oid, c.relowner, 'USAGE') AND NOT c.relforcerowsecurity))
ORDER BY 1;

-- projects_for_tenant, max 10 ms
PREPARE sg_plan AS SELECT id, name, code, status, created_at FROM projects WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT 50;
EXECUTE sg_plan('373b24d7-6918-f79d-69d3-4f56aeb5f52b');  -- six times in the check: the plan cache may switch to a generic plan after five
EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE sg_plan('373b24d7-6918-f79d-69d3-4f56aeb5f52b');
DEALLOCATE sg_plan;

-- document_with_clauses, max 50 ms
PREPARE sg_plan AS SELECT d.id, d.filename, c.clause_number, c.clause_type, c.content
FROM documents d JOIN clauses c ON c.document_id = d.id
WHERE d.id = $1 ORDER BY c.clause_number;
EXECUTE sg_plan('016ee0f6-80c8-86fe-72f5-0ec2007d73a9');  -- six times in the check: the plan cache may switch to a generic plan after five
EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE sg_plan('016ee0f6-80c8-86fe-72f5-0ec2007d73a9');
DEALLOCATE sg_plan;

-- analysis_with_alerts, max 100 ms
PREPARE sg_plan AS SELECT a.id, a.analysis_type, a.status, al.severity, al.title
FROM analyses a JOIN alerts al ON al.analysis_id = a.id
WHERE a.id = $1 ORDER BY al.severity, al.created_at;
EXECUTE sg_plan('0069bc83-2299-fea6-8bb5-f2b65ddd511b');  -- six times in the check: the plan cache may switch to a generic plan after five
EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE sg_plan('0069bc83-2299-fea6-8bb5-f2b65ddd511b');
DEALLOCATE sg_plan;

-- documents_of_project, max 10 ms
PREPARE sg_plan AS SELECT id, filename, document_type, created_at FROM documents WHERE project_id = $1 ORDER BY created_at DESC;
EXECUTE sg_plan('07b96205-02a6-504f-b754-2eade9e9a039');  -- six times in the check: the plan cache may switch to a generic plan after five
EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE sg_plan('07b96205-02a6-504f-b754-2eade9e9a039');
DEALLOCATE sg_plan;

-- clause_by_number, max 10 ms
PREPARE sg_plan AS SELECT id, clause_type FROM clauses WHERE document_id = $1 AND clause_number = (SELECT min(clause_number) FROM clauses WHERE document_id = $2);
EXECUTE sg_plan('016ee0f6-80c8-86fe-72f5-0ec2007d73a9', '016ee0f6-80c8-86fe-72f5-0ec2007d73a9');  -- six times in the check: the plan cache may switch to a generic plan after five
EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE sg_plan('016ee0f6-80c8-86fe-72f5-0ec2007d73a9', '016ee0f6-80c8-86fe-72f5-0ec2007d73a9');
DEALLOCATE sg_plan;

-- recent_ai_usage_for_tenant, max 50 ms
PREPARE sg_plan AS SELECT model, tokens_in, tokens_out, cost_usd, created_at FROM ai_usage_logs WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT 100;
EXECUTE sg_plan('373b24d7-6918-f79d-69d3-4f56aeb5f52b');  -- six times in the check: the plan cache may switch to a generic plan after five
EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE sg_plan('373b24d7-6918-f79d-69d3-4f56aeb5f52b');
DEALLOCATE sg_plan;

-- wbs_of_project, max 50 ms
PREPARE sg_plan AS SELECT w.code, w.name, count(b.id) AS bom_lines FROM wbs_items w LEFT JOIN bom_items b ON b.wbs_item_id = w.id
WHERE w.project_id = $1 GROUP BY w.id, w.code, w.name ORDER BY w.code;
EXECUTE sg_plan('07b96205-02a6-504f-b754-2eade9e9a039');  -- six times in the check: the plan cache may switch to a generic plan after five
EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE sg_plan('07b96205-02a6-504f-b754-2eade9e9a039');
DEALLOCATE sg_plan;

-- stakeholders_of_project, max 10 ms
PREPARE sg_plan AS SELECT name, organization, role FROM stakeholders WHERE project_id = $1 ORDER BY name;
EXECUTE sg_plan('07b96205-02a6-504f-b754-2eade9e9a039');  -- six times in the check: the plan cache may switch to a generic plan after five
EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE sg_plan('07b96205-02a6-504f-b754-2eade9e9a039');
DEALLOCATE sg_plan;

-- control (control)
PREPARE sg_plan AS SELECT count(*), max(slug) FROM tenants;
EXECUTE sg_plan;  -- six times in the check: the plan cache may switch to a generic plan after five
EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE sg_plan;
DEALLOCATE sg_plan;

