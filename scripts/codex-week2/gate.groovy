// The week-2 staging validation of seed 003 as a gate: the 43-table week-1 schema with data,
// migrations 013-017 applied (43 -> 59 tables), the 16 checks, RLS isolation on workspace_id,
// and the rollback of week 2 back to 012 and forward again on a copy without data loss.
// Run: ./stagegate run scripts/codex-week2/gate.groovy

example 'codex-week2', to: '012'
environment()
week1 = snapshot 'week1', content: true
expect { count 'tables', 43 }

validate()
lint()

// a verified backup, the week-2 migrations rehearsed on a copy (locks, blocked queries, times), and
// the rollback of week 2 back to 012 and forward again on a copy, row for row and column by column
backup 'pre_migration', restoreTest: true
rehearse to: '017'
rollbackCycle to: '012', top: '017'

migrate to: '017'
backup 'post_migration'
week2 = snapshot 'week2', content: true
diff week1, week2
verify()

// "No data loss (no existing records affected)": every week-1 table keeps its rows through week 2
expect {
    count 'tables', 59
    preserved week1, week2, content: true
}
