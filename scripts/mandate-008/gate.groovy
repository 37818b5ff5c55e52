// Migration 008 of seed 004 (RFC-002 domain identity) as a gate: the 007 schema with data, the
// pre-checks, 008, the post-migration verification and constraint tests, every historical row
// kept, and the tested rollback to 007.
// Run: ./stagegate run scripts/mandate-008/gate.groovy

example 'mandate-008', to: '007'
environment()
before = snapshot 'pre_migration', content: true

// 008_PRE_MIGRATION_CHECKS: every slug already lower-case, every scope in a known domain
expect {
    noRows 'domain slugs are lower-case', "SELECT domain FROM domains WHERE domain !~ '^[a-z][a-z0-9-]*\$'"
    noRows 'scopes point at domains', 'SELECT s.scope_id FROM scopes s LEFT JOIN domains d USING (domain_id) WHERE d.domain_id IS NULL'
}
validate()
lint()

// a verified backup, 008 rehearsed on a copy, and the rollback to 007 and forward again on a copy:
// the integer identities restored row for row (008 logs itself in migration_log, on purpose)
backup 'pre_migration', restoreTest: true
rehearse to: '008'
rollbackCycle to: '007', top: '008', except: ['migration_log']

migrate to: '008'
backup 'post_migration'
after = snapshot 'post_migration', content: true
diff before, after

// 008_POST_MIGRATION_VERIFICATION and the T+60 constraint tests (expectations.txt), RLS, FKs, integrity
verify()

// all verdict, decision and audit events preserved: every table keeps its rows (008 logs itself in
// migration_log, on purpose)
expect { preserved before, after, except: ['migration_log'] }

