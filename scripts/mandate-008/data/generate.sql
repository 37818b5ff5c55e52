-- mandate data generator, run on the 007 schema (integer domain_id / scope_id) before 008.
-- ${scale} is replaced by the loader: O = 3 * scale organizations, each with the domains finance, ops
-- and sales, two scopes per domain (named env.system-<org>, so scope_id text is unique), five decisions per scope (one verdict each), three audit entries
-- per domain. Domain d belongs to organization d % O; every child stays in its parent's organization.
CREATE TEMP TABLE mandate_sizes ON COMMIT DROP AS SELECT 3 * ${scale} AS o;

INSERT INTO organizations (id, name)
SELECT md5('org:' || i)::uuid, 'Organization ' || i FROM mandate_sizes, generate_series(0, o - 1) i;

INSERT INTO domains (domain_id, organization_id, domain)
SELECT d + 1, md5('org:' || (d % o))::uuid, (ARRAY['finance', 'ops', 'sales'])[1 + d / o]
FROM mandate_sizes, generate_series(0, 3 * o - 1) d;

INSERT INTO domain_owners (organization_id, domain_id, owner_email)
SELECT md5('org:' || (d % o))::uuid, d + 1, 'owner' || d || '@mandate.test' FROM mandate_sizes, generate_series(0, 3 * o - 1) d;

INSERT INTO scopes (scope_id, organization_id, domain_id, name, owning_team)
SELECT s + 1, md5('org:' || ((s % (3 * o)) % o))::uuid, (s % (3 * o)) + 1,
       (ARRAY['prod.system', 'staging.api'])[1 + s / (3 * o)] || '-' || ((s % (3 * o)) % o),
       'Team ' || (s % 7)
FROM mandate_sizes, generate_series(0, 6 * o - 1) s;

INSERT INTO decision_events (organization_id, domain_id, scope_id, decision, created_at)
SELECT md5('org:' || (((e % (6 * o)) % (3 * o)) % o))::uuid, ((e % (6 * o)) % (3 * o)) + 1, (e % (6 * o)) + 1,
       'Decision ' || e, now() - (e % 500) * interval '1 hour'
FROM mandate_sizes, generate_series(0, 30 * o - 1) e;

INSERT INTO verdict_events (organization_id, domain_id, decision_id, verdict)
SELECT organization_id, domain_id, id, (ARRAY['approved', 'rejected', 'escalated'])[1 + id % 3] FROM decision_events;

INSERT INTO audit_entries (organization_id, domain_id, action)
SELECT md5('org:' || ((a % (3 * o)) % o))::uuid, (a % (3 * o)) + 1, 'action ' || a FROM mandate_sizes, generate_series(0, 9 * o - 1) a;

-- explicit ids were given: move the identities past them
SELECT setval(pg_get_serial_sequence('domains', 'domain_id'), (SELECT max(domain_id) FROM domains));
SELECT setval(pg_get_serial_sequence('scopes', 'scope_id'), (SELECT max(scope_id) FROM scopes));
