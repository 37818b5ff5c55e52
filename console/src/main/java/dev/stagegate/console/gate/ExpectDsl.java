package dev.stagegate.console.gate;

import dev.stagegate.verification.expect.Expectations;

/**
 * The words of an {@code expect { ... }} block, one per kind of check, delegating to
 * {@link Expectations}: {@code table 'x'}, {@code count 'tables', 59}, {@code mustFail 'label',
 * 'INSERT ...', 'GOVERNANCE VIOLATION'}...
 */
public final class ExpectDsl {

    private final Expectations e;

    ExpectDsl(Expectations e) {
        this.e = e;
    }

    public void table(String... names) { e.tableExists(names); }
    public void column(String table, String column) { e.columnExists(table, column); }
    public void index(String name) { e.indexExists(name); }
    public void function(String name) { e.functionExists(name); }
    public void trigger(String table, String name) { e.triggerExists(table, name); }
    public void view(String name) { e.viewExists(name); }
    public void policy(String table, String name) { e.policyExists(table, name); }
    public void count(String what, long exactly) { e.count(what, exactly); }
    public void atLeast(String what, long minimum) { e.atLeast(what, minimum); }
    public void migrationCreates(String version, String... tables) { e.migrationCreates(version, tables); }
    public void mustFail(String label, String sql, String expected) { e.mustFail(label, sql, expected); }
    public void mustSucceed(String label, String sql) { e.mustSucceed(label, sql); }
    public void noRows(String label, String sql) { e.returnsNoRows(label, sql); }
    public void rows(String label, String sql, long n) { e.returnsRows(label, sql, n); }
    public void callable(String label, String sql) { e.callable(label, sql); }
    public void triggerFires(String label, String action, String evidence) { e.triggerFires(label, action, evidence); }
}
