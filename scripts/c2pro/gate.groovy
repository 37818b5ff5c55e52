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

// CE-20: a backup, verified by restoring it into a scratch database and comparing it with the source
// (needs pg_dump/pg_restore of the server's major: without them the step is NOT TESTED and the verdict INCOMPLETE)
backup 'pre_migration', restoreTest: true

// CE-21: the migrations on a copy first, observed: locks and how long they are held, queries they block,
// side effects, the time each takes on this data (migration_locks.md, migration_execution_plan.md); the target is only read
rehearse to: '005'

// CE-27: the rollback cycle on a copy with its data: forward to 005, back to 003, forward again; every table
// and column must hold at 003 what it held at 003, and at 005 what it held at 005 (ROLLBACK_PROCEDURE.md ...)
rollbackCycle to: '003', top: '005'

// CE-26: the suite's queries (queries.sql) timed by JMH on a copy as the target is (the baseline) and a copy migrated
// to 005 (the candidate), interleaved; a query within 10% passes, 30% slower or more is a rollback trigger; both plans of
// every query, index usage, connections and sizes (ce26_performance_report.md). About 5-10 minutes on 2 cores; a quicker,
// rougher look: -P benchWarmup=1x1s -P benchMeasure=2x200ms; -P benchSuite=FILE times another suite; -P bench=off leaves it
// out (and the verdict INCOMPLETE: performance)
if (param('bench', 'on') != 'off') {
    bench suite: param('benchSuite', 'queries.sql'), to: '005', rounds: param('benchRounds', 6), warmup: param('benchWarmup', '2x600ms'),
          measure: param('benchMeasure', '3x300ms')
}

// CE-22: apply 002..005 (stops here, NO-GO, if one fails), then the post-migration backup
migrate to: '005'
backup 'post_migration'
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

// every table keeps its rows through 002..005 (counts, table by table: a loss never hides behind a gain)
expect {
    preserved before, after
}
