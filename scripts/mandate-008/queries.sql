-- mandate-008's query suite for CE-26: per-organization reads its indexes serve on the 007 tables (so the
-- suite runs on both sides of the gate's 007 -> 008), and a control query no migration touches.

-- param: org = SELECT organization_id FROM decision_events GROUP BY organization_id ORDER BY count(*) DESC, organization_id LIMIT 1

-- name: decisions_of_organization
-- max: 10ms
SELECT * FROM decision_events WHERE organization_id = :org ORDER BY created_at DESC LIMIT 50;

-- name: verdicts_of_organization
-- max: 10ms
SELECT * FROM verdict_events WHERE organization_id = :org ORDER BY created_at DESC LIMIT 50;

-- name: audit_of_organization
-- max: 10ms
SELECT * FROM audit_entries WHERE organization_id = :org ORDER BY created_at DESC LIMIT 50;

-- name: domains_of_organization
-- max: 10ms
SELECT * FROM domains WHERE organization_id = :org;

-- name: control
-- control
-- reads no table, so no migration can touch it (every table here gets RLS, keys or indexes from some migration):
-- its move between the arms is the host's
SELECT count(*), max(g) FROM generate_series(1, 2000) g;
