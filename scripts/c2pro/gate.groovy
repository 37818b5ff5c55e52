// The staging migration gate for c2pro (seeds 000-002, CE-20 .. CE-27), as a DBA would run it.
// `./stagegate run scripts/c2pro/gate.groovy` replays it unchanged; with no --env/--url it uses
// the embedded PostgreSQL. Secrets never belong here: targets come from --env/--url/PG* variables.

// CE-20: the database as staging has it today (version 001, with data), its environment and state
example 'c2pro', to: '001', scale: param('scale', 1)
environment()
before = snapshot 'pre_migration', content: true

// CE-21: the migrations parse, are ordered, have rollbacks; dangerous DDL is known before it runs
validate()
lint()

// CE-22: apply 002..005 (stops here, NO-GO, if one fails)
migrate to: '005'
after = snapshot 'post_migration', content: true
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
cycled = snapshot 'after_rollback_cycle', content: true
expect {
    // every table keeps its rows through 002..005 (counts, table by table: a loss never hides behind a gain)
    preserved before, after
    // and through the rollback cycle, row for row (fingerprints per table, per column where 004/005 altered it)
    preserved after, cycled, content: true
}
