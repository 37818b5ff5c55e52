// The week-2 staging validation of seed 003 as a gate: the 43-table week-1 schema with data,
// migrations 013-017 applied (43 -> 59 tables), the 16 checks, RLS isolation on workspace_id,
// and the rollback of week 2 back to 012 and forward again without data loss.
// Run: ./stagegate run scripts/codex-week2/gate.groovy

example 'codex-week2', to: '012'
environment()
week1 = snapshot 'week1'
expect { count 'tables', 43 }

validate()
lint()

migrate to: '017'
week2 = snapshot 'week2'
diff week1, week2
verify()

// "No data loss (no existing records affected)": week-1 row counts survive week 2 and its rollback
rollback to: '012'
expect { count 'tables', 43 }
migrate to: '017'
expect {
    count 'tables', 59
    rows 'week-1 rows unchanged', "SELECT 1 WHERE (SELECT count(*) FROM workspace_members) = ${week1.table('workspace_members').get().exactRows()}", 1
}
