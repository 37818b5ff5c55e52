package dev.stagegate.console.gate;

import dev.stagegate.verification.expect.Expectations;

/**
 * The words of an {@code expect { ... }} block, one per kind of check, delegating to
 * {@link Expectations}: {@code table 'x'}, {@code count 'tables', 59}, {@code mustFail 'label',
 * 'INSERT ...', 'GOVERNANCE VIOLATION'}...
 */
public final class ExpectDsl {

    private final Expectations e;
    private final GateSession gate;
    private final java.util.List<java.util.List<dev.stagegate.core.result.Finding>> preservation;

    ExpectDsl(Expectations e, GateSession gate, java.util.List<java.util.List<dev.stagegate.core.result.Finding>> preservation) {
        this.e = e;
        this.gate = gate;
        this.preservation = preservation;
    }

    /** {@code preserved before, cycled}: every table keeps its row count (per table; none lost, none gained). */
    public void preserved(dev.stagegate.core.snapshot.SchemaSnapshot before, dev.stagegate.core.snapshot.SchemaSnapshot after) {
        preservation.add(gate.preserved(before, after, false));
    }

    /** {@code preserved before, cycled, content: true}: and every row's content, per table and per altered column. */
    public void preserved(java.util.Map<String, Object> options, dev.stagegate.core.snapshot.SchemaSnapshot before,
                          dev.stagegate.core.snapshot.SchemaSnapshot after) {
        for (String key : options.keySet()) {
            if (!key.equals("content") && !key.equals("except")) {
                throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.USAGE,
                        "preserved: unknown option '" + key + "'; known: content, except");
            }
        }
        // except: tables that change on purpose (a migration log), named bare or schema-qualified
        java.util.Set<String> except = new java.util.HashSet<>();
        if (options.get("except") instanceof java.util.Collection<?> c) {
            c.forEach(x -> except.add(x.toString()));
        } else if (options.get("except") != null) {
            except.add(options.get("except").toString());
        }
        preservation.add(gate.preserved(before, after, Boolean.parseBoolean(String.valueOf(options.getOrDefault("content", false))))
                .stream().filter(f -> !excepted(f.object(), except)).toList());
    }

    /** {@code schema.table} or {@code schema.table.column} against a qualified or bare table name. */
    private static boolean excepted(String object, java.util.Set<String> except) {
        String unqualified = object.substring(object.indexOf('.') + 1);
        return except.stream().anyMatch(e -> e.contains(".") ? object.equals(e) || object.startsWith(e + ".")
                : unqualified.equals(e) || unqualified.startsWith(e + "."));
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
