package dev.stagegate.console.gate;

import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.SnapshotDiff;
import dev.stagegate.core.target.ServerInfo;
import dev.stagegate.migration.engine.MigrationStatus;
import groovy.lang.Closure;
import groovy.lang.Script;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The base class of every gate script and console input: the gate's words as methods, so a
 * script reads like the seeds' runbook ({@code example 'c2pro', to: '001'}, {@code migrate()},
 * {@code rollback to: '003'}, {@code verify()}...). Each delegates to the {@link GateSession}
 * bound as {@code gate}.
 */
public abstract class GateScript extends Script {

    protected GateSession gate() {
        return (GateSession) getBinding().getVariable("gate");
    }

    /**
     * {@code evaluate 'other.groovy'} or a string: compiled by the same runner, so the same guard applies
     * (Groovy's own evaluate would compile without it).
     */
    @Override
    public Object evaluate(String expression) {
        ScriptRunner runner = ScriptRunner.CURRENT.get();
        return runner == null ? super.evaluate(expression) : runner.evaluate(expression, "evaluated");
    }

    @Override
    public Object evaluate(java.io.File file) throws java.io.IOException {
        ScriptRunner runner = ScriptRunner.CURRENT.get();
        return runner == null ? super.evaluate(file) : runner.evaluate(java.nio.file.Files.readString(file.toPath()), file.getName());
    }

    /** {@code scale = param('scale', 1)}: a -P parameter, or the default. */
    public Object param(String name, Object defaultValue) {
        return getBinding().hasVariable(name) ? getBinding().getVariable(name) : defaultValue;
    }

    public ServerInfo connect() { return gate().connect(); }
    public ServerInfo connect(String envOrUrl) { return gate().connect(envOrUrl); }

    public Object example(String name) throws SQLException { return example(Map.of(), name); }

    /** {@code example 'c2pro', to: '001', scale: 1} */
    public Object example(Map<String, Object> options, String name) throws SQLException {
        Object to = options.get("to");
        Object scale = options.getOrDefault("scale", 1);
        gate().example(name, to == null ? null : to.toString(), Integer.parseInt(scale.toString()));
        return gate().steps().get(gate().steps().size() - 1);
    }

    public void migrations(String path) { gate().migrations(path); }
    public dev.stagegate.core.result.StepResult environment() throws SQLException { return gate().environment(); }

    /** {@code environment diskFree: '40GB', maxTransactionAge: '10m'} */
    public dev.stagegate.core.result.StepResult environment(Map<String, Object> options) throws SQLException { return gate().environment(options); }
    public SchemaSnapshot snapshot() throws SQLException { return gate().snapshot("current"); }
    public SchemaSnapshot snapshot(String label) throws SQLException { return gate().snapshot(label); }

    /** {@code backup 'pre_migration'}: a pg_dump, read back whole, in the evidence folder */
    public dev.stagegate.core.result.StepResult backup(String label) throws SQLException { return gate().backup(label, false); }

    /** {@code backup 'pre_migration', restoreTest: true}: also restored into a scratch database and compared */
    public dev.stagegate.core.result.StepResult backup(Map<String, Object> options, String label) throws SQLException {
        for (String key : options.keySet()) {
            if (!BackupStep.KEYS.contains(key)) {
                throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.USAGE,
                        "backup: unknown option '" + key + "'; known: restoreTest");
            }
        }
        Object restore = options.getOrDefault("restoreTest", false);
        if (!(restore instanceof Boolean)) {
            throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.USAGE,
                    "backup: restoreTest takes true or false, not '" + restore + "'");
        }
        return gate().backup(label, (Boolean) restore);
    }

    /** {@code backup()} without a label: said plainly rather than as a method-selection error */
    public dev.stagegate.core.result.StepResult backup() {
        throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.USAGE,
                "backup needs a label: backup 'pre_migration' (or backup 'pre_migration', restoreTest: true)");
    }

    public dev.stagegate.core.result.StepResult backup(Map<String, Object> options) {
        throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.USAGE,
                "backup needs a label: backup 'pre_migration', restoreTest: true");
    }

    /** {@code rehearse to: '005'}: the migrations on a copy, observed (locks, blocked queries, side effects, times); the target is only read */
    public dev.stagegate.core.result.StepResult rehearse() throws SQLException { return gate().onCopy("rehearse", Map.of()); }
    public dev.stagegate.core.result.StepResult rehearse(Map<String, Object> options) throws SQLException { return gate().onCopy("rehearse", options); }

    /** {@code rollbackCycle to: '003'}: forward, back to 003 and forward again on a copy; the data must survive both ways */
    public dev.stagegate.core.result.StepResult rollbackCycle(Map<String, Object> options) throws SQLException {
        return gate().onCopy("rollbackCycle", options);
    }

    public dev.stagegate.core.result.StepResult rollbackCycle() {
        throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.USAGE,
                "rollbackCycle needs a version: rollbackCycle to: '003' (or full: true)");
    }

    /** {@code bench suite: 'queries.sql', to: '005'}: CE-26, the suite timed on a pre-migration and a migrated copy, interleaved */
    public dev.stagegate.core.result.StepResult bench(Map<String, Object> options) throws SQLException { return gate().bench(options); }

    public dev.stagegate.core.result.StepResult bench() {
        throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.USAGE,
                "bench needs a query suite: bench suite: 'queries.sql', to: '005'");
    }

    /** {@code before = snapshot 'pre_migration', content: true}: also fingerprints every table's rows */
    public SchemaSnapshot snapshot(Map<String, Object> options, String label) throws SQLException {
        for (String key : options.keySet()) {
            if (!key.equals("content")) {
                throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.USAGE,
                        "snapshot: unknown option '" + key + "'; known: content");
            }
        }
        return gate().snapshot(label, Boolean.parseBoolean(String.valueOf(options.getOrDefault("content", false))));
    }
    public SnapshotDiff diff(SchemaSnapshot before, SchemaSnapshot after) { return gate().diff(before, after, "schema"); }
    public dev.stagegate.core.result.StepResult validate() throws SQLException { return gate().validate(); }
    public dev.stagegate.core.result.StepResult lint() throws SQLException { return gate().lint(); }

    /** {@code lint exclude: ['FOREIGN_KEY_ADD'], suppressions: 'lint-accepted.txt'} */
    public dev.stagegate.core.result.StepResult lint(Map<String, Object> options) throws SQLException { return gate().lint(options); }
    public dev.stagegate.core.result.StepResult migrate() { return gate().migrate(null); }

    /** {@code migrate to: '005'} */
    public dev.stagegate.core.result.StepResult migrate(Map<String, Object> options) {
        Object to = options.get("to");
        return gate().migrate(to == null ? null : to.toString());
    }

    /** {@code rollback to: '003'} */
    public dev.stagegate.core.result.StepResult rollback(Map<String, Object> options) {
        Object to = options.get("to");
        if (to == null) {
            throw new IllegalArgumentException("rollback needs a version: rollback to: '003'");
        }
        return gate().rollback(to.toString());
    }

    public MigrationStatus status() { return gate().status(); }
    public dev.stagegate.core.result.StepResult verify() throws SQLException { return gate().verify(); }

    /** {@code verify critical: ['tenants'], minFks: 15, suppressions: 'accepted.txt', probe: false} */
    public dev.stagegate.core.result.StepResult verify(Map<String, Object> options) throws SQLException { return gate().verify(options); }

    /** {@code waive 'performance', reason: 'no hot queries yet'} */
    public void waive(Map<String, Object> options, String condition) {
        Object reason = options.get("reason");
        gate().waive(condition, reason == null ? null : reason.toString());
    }

    public void waive(String condition) { gate().waive(condition, null); }

    /** {@code expect { table 'campaigns'; mustFail 'slug', "INSERT ...", 'violates check constraint' }} */
    public dev.stagegate.core.result.StepResult expect(Closure<?> checks) throws SQLException {
        return gate().expect((e, preservation) -> {
            Closure<?> c = (Closure<?>) checks.clone();
            c.setDelegate(new ExpectDsl(e, gate(), preservation));
            c.setResolveStrategy(Closure.DELEGATE_FIRST);
            c.call();
        });
    }

    public List<Map<String, Object>> sql(String query) throws SQLException { return gate().sql(query); }
    public String verdict() { return gate().verdict().decision().label(); }
}
