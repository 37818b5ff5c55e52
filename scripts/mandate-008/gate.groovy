// Migration 008 of seed 004 (RFC-002 domain identity) as a gate: the 007 schema with data, the
// pre-checks, 008, the post-migration verification and constraint tests, every historical row
// kept, and the tested rollback to 007.
// Run: ./stagegate run scripts/mandate-008/gate.groovy

example 'mandate-008', to: '007'
environment()
before = snapshot 'pre_migration'

// 008_PRE_MIGRATION_CHECKS: every slug already lower-case, every scope in a known domain
expect {
    noRows 'domain slugs are lower-case', "SELECT domain FROM domains WHERE domain !~ '^[a-z][a-z0-9-]*\$'"
    noRows 'scopes point at domains', 'SELECT s.scope_id FROM scopes s LEFT JOIN domains d USING (domain_id) WHERE d.domain_id IS NULL'
}
validate()
lint()

migrate to: '008'
after = snapshot 'post_migration'
diff before, after

// 008_POST_MIGRATION_VERIFICATION and the T+60 constraint tests (expectations.txt), RLS, FKs, integrity
verify()

// all verdict, decision and audit events preserved: counts match
expect {
    for (t in ['verdict_events', 'decision_events', 'audit_entries', 'scopes', 'domains']) {
        rows "${t} preserved", "SELECT 1 WHERE (SELECT count(*) FROM ${t}) = ${before.table(t).get().exactRows()}", 1
    }
}

// the rollback restores the integer identities; forward again
rollback to: '007'
migrate to: '008'
