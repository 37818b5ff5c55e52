// The staging migration gate for c2pro (seeds 000-002, CE-20 .. CE-27), as a DBA would run it.
// `./stagegate run scripts/c2pro/gate.groovy` replays it unchanged; with no --env/--url it uses
// the embedded PostgreSQL. Secrets never belong here: targets come from --env/--url/PG* variables.

// CE-20: the database as staging has it today (version 001, with data), its environment and state
example 'c2pro', to: '001', scale: (binding.hasVariable('scale') ? scale : 1)
environment()
before = snapshot 'pre_migration'

// CE-21: the migrations parse, are ordered, have rollbacks; dangerous DDL is known before it runs
validate()
lint()

// CE-22: apply 002..005 (stops here, NO-GO, if one fails)
migrate to: '005'
after = snapshot 'post_migration'
diff before, after

// CE-23 .. CE-25: RLS and isolation on every tenant table, foreign keys, integrity, the seeds' checks
verify()
expect {
    count 'tables', 14
    atLeast 'foreign_keys', 15
    noRows 'all alerts linked to valid analyses',
           'SELECT al.id FROM alerts al LEFT JOIN analyses a ON al.analysis_id = a.id WHERE a.id IS NULL'
    mustFail 'alert severity is checked',
             "INSERT INTO alerts (tenant_id, analysis_id, severity, title) SELECT tenant_id, id, 'urgent', 'x' FROM analyses LIMIT 1",
             '23514'
}

// CE-27: roll back to 003 and forward again; the data must survive the cycle
rollback to: '003'
migrate to: '005'
cycled = snapshot 'after_rollback_cycle'
expect {
    rows 'same rows after the rollback cycle', "SELECT 1 WHERE ${after.tables().sum { it.exactRows() ?: 0 }} = (SELECT sum(n) FROM (SELECT count(*) AS n FROM tenants UNION ALL SELECT count(*) FROM users UNION ALL SELECT count(*) FROM projects UNION ALL SELECT count(*) FROM documents UNION ALL SELECT count(*) FROM clauses UNION ALL SELECT count(*) FROM analyses UNION ALL SELECT count(*) FROM alerts UNION ALL SELECT count(*) FROM extractions UNION ALL SELECT count(*) FROM stakeholders UNION ALL SELECT count(*) FROM wbs_items UNION ALL SELECT count(*) FROM bom_items UNION ALL SELECT count(*) FROM stakeholder_wbs_raci UNION ALL SELECT count(*) FROM ai_usage_logs UNION ALL SELECT count(*) FROM audit_logs) t)", 1
}
