-- c2pro's query suite for CE-26: the seed's three hot queries, five more its indexes serve, and a
-- control query no migration touches. Parameters are picked from the data, so the suite runs on any
-- copy of c2pro; `-- max:` are the seed's limits (< 10 ms / 50 ms / 100 ms).

-- param: tenant = SELECT tenant_id FROM projects GROUP BY tenant_id ORDER BY count(*) DESC, tenant_id LIMIT 1
-- param: project = SELECT project_id FROM documents GROUP BY project_id ORDER BY count(*) DESC, project_id LIMIT 1
-- param: document = SELECT document_id FROM clauses GROUP BY document_id ORDER BY count(*) DESC, document_id LIMIT 1
-- param: analysis = SELECT analysis_id FROM alerts GROUP BY analysis_id ORDER BY count(*) DESC, analysis_id LIMIT 1

-- name: projects_for_tenant
-- max: 10ms
SELECT id, name, code, status, created_at FROM projects WHERE tenant_id = :tenant ORDER BY created_at DESC LIMIT 50;

-- name: document_with_clauses
-- max: 50ms
SELECT d.id, d.filename, c.clause_number, c.clause_type, c.content
FROM documents d JOIN clauses c ON c.document_id = d.id
WHERE d.id = :document ORDER BY c.clause_number;

-- name: analysis_with_alerts
-- max: 100ms
SELECT a.id, a.analysis_type, a.status, al.severity, al.title
FROM analyses a JOIN alerts al ON al.analysis_id = a.id
WHERE a.id = :analysis ORDER BY al.severity, al.created_at;

-- name: documents_of_project
-- max: 10ms
SELECT id, filename, document_type, created_at FROM documents WHERE project_id = :project ORDER BY created_at DESC;

-- name: clause_by_number
-- max: 10ms
SELECT id, clause_type FROM clauses WHERE document_id = :document AND clause_number = (SELECT min(clause_number) FROM clauses WHERE document_id = :document);

-- name: recent_ai_usage_for_tenant
-- max: 50ms
SELECT model, tokens_in, tokens_out, cost_usd, created_at FROM ai_usage_logs WHERE tenant_id = :tenant ORDER BY created_at DESC LIMIT 100;

-- name: wbs_of_project
-- max: 50ms
SELECT w.code, w.name, count(b.id) AS bom_lines FROM wbs_items w LEFT JOIN bom_items b ON b.wbs_item_id = w.id
WHERE w.project_id = :project GROUP BY w.id, w.code, w.name ORDER BY w.code;

-- name: stakeholders_of_project
-- max: 10ms
SELECT name, organization, role FROM stakeholders WHERE project_id = :project ORDER BY name;

-- name: control
-- control
-- reads no table, so no migration can touch it (every table here gets RLS, keys or indexes from some migration):
-- its move between the arms is the host's
SELECT count(*), max(g) FROM generate_series(1, 2000) g;
