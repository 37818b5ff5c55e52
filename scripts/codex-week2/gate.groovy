// The week-2 staging validation of seed 003 as a gate: the 43-table week-1 schema with data,
// migrations 013-017 applied (43 -> 59 tables), the 16 checks, RLS isolation on workspace_id,
// and the rollback of week 2 back to 012 and forward again without data loss.
// Run: ./stagegate run scripts/codex-week2/gate.groovy

example 'codex-week2', to: '012'
environment()
week1 = snapshot 'week1', content: true
expect { count 'tables', 43 }

validate()
lint()

migrate to: '017'
week2 = snapshot 'week2', content: true
diff week1, week2
verify()

// "No data loss (no existing records affected)": every week-1 table keeps its rows through week 2,
// and week 2 survives its own rollback and forward again, row for row
expect { preserved week1, week2, content: true }
rollback to: '012'
rolledBack = snapshot 'rolled_back', content: true
expect {
    count 'tables', 43
    preserved week1, rolledBack, content: true
}
migrate to: '017'
cycled = snapshot 'after_rollback_cycle', content: true
expect {
    count 'tables', 59
    preserved week2, cycled, content: true
}
