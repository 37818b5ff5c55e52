package dev.stagegate.console.gate;

import dev.stagegate.console.config.DurationText;
import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.core.target.Target;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.rehearsal.Rehearsal;
import dev.stagegate.migration.rehearsal.RehearsalFindings;
import dev.stagegate.migration.rehearsal.RehearsalReport;
import dev.stagegate.migration.rehearsal.RollbackCycle;
import dev.stagegate.migration.rehearsal.RollbackDocuments;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.reporting.verdict.GateCondition;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The gate's words that work on a copy of the target, never on it: {@code rehearse to: '005'}
 * (CE-21, see {@link Rehearsal}) and {@code rollbackCycle to: '003'} (CE-27, see
 * {@link RollbackCycle}). A migration that fails on the copy stops the gate before the target is
 * migrated; a cycle that keeps the data at both ends shows the {@code rollback} condition.
 */
final class RehearsalSteps {

    private static final Set<String> COMMON = Set.of("copy", "sample", "keep", "maxLock", "maxBlocked", "bigTableRows", "probeWait");
    static final Set<String> REHEARSE_KEYS = with(COMMON, "to");
    static final Set<String> CYCLE_KEYS = with(COMMON, "to", "top", "full", "except");

    private RehearsalSteps() {
    }

    private static Set<String> with(Set<String> base, String... more) {
        Set<String> s = new TreeSet<>(base);
        s.addAll(List.of(more));
        return Set.copyOf(s);
    }

    static StepResult rehearse(Map<String, Object> o, Target live, MigrationSet set, EvidenceRun evidence, GateRecord record,
                               PrintWriter out, long start) throws SQLException {
        check("rehearse", o, REHEARSE_KEYS);
        Rehearsal.Options options = new Rehearsal.Options(text(o, "to"), copy(o), flag(o, "keep"), probeWait(o));
        Rehearsal.Result r;
        try (var beat = record.beat("rehearse: a copy of the target, the migrations on it, observed", null, "")) {
            r = Rehearsal.run(live, set, EngineOptions.defaults(), options, out::println);
        }
        List<Finding> findings = RehearsalFindings.of(r, thresholds(o));
        List<Path> files = RehearsalReport.write(evidence, set, r, findings);
        var run = r.observation().run();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("copy", r.copyStrategy());
        metrics.put("copy_ms", r.copyMillis());
        metrics.put("migrations", run.completed().size());
        metrics.put("estimated_ms", r.observation().migrations().stream().filter(m -> !m.rollback()).mapToLong(m -> m.millis()).sum());
        r.observation().migrations().forEach(m -> metrics.put((m.rollback() ? "rollback " : "") + m.version() + "_ms", m.millis()));
        metrics.put("target_untouched", r.target().untouched());
        // sizes, times and blocked queries vary from run to run: they are in migration_locks.json and gate_timings.json
        String summary = r.succeeded() ? (r.from() == null ? "none" : r.from()) + " -> " + run.toVersion() + " on a " + r.copyStrategy()
                + " copy (times, locks and blocked queries in migration_locks.md); " + r.target().text()
                : "failed on the copy: " + run.failure() + "; the target was not touched";
        StepResult step = StepResult.of("rehearse", findings, metrics, files, Duration.ZERO).withSummary(summary);
        if (r.succeeded() && r.nothingPending()) {
            step = step.withStatus(StepStatus.NOT_TESTED).withSummary("nothing is pending at " + r.from() + ": nothing was rehearsed");
        } else if (r.succeeded() && !r.target().untouched()) {
            step = step.withStatus(StepStatus.INCOMPLETE);
        }
        StepResult rec = record.record(step, start);
        if (!r.succeeded()) {
            throw new GateStop("a migration failed on the copy: " + run.failure());
        }
        return rec;
    }

    /** How this gate's target is rolled back by hand, for ROLLBACK_PROCEDURE.md: the profile or example, never a password. */
    static String rollbackCommand(Target target, dev.stagegate.core.example.Example example, MigrationSet set) {
        if (target != null && target.kind() == Target.Kind.EMBEDDED && example != null) {
            return "stagegate rollback --example " + example.name();
        }
        String where = target == null || target.kind() == Target.Kind.EMBEDDED ? " --env embedded"
                : target.name().equals("libpq-env") ? " (with the same PG* variables)"
                : target.name().equals("url") ? " --url <the URL this gate ran with>" : " --env " + target.name();
        return "stagegate rollback -m " + set.root() + where;
    }

    static StepResult rollbackCycle(Map<String, Object> o, Target live, MigrationSet set, EvidenceRun evidence, GateRecord record,
                                    PrintWriter out, long start, String command) throws SQLException {
        check("rollbackCycle", o, CYCLE_KEYS);
        boolean full = flag(o, "full");
        if (!full && text(o, "to") == null) {
            throw new StagegateException(ErrorCode.USAGE, "rollbackCycle needs a version: rollbackCycle to: '003' (or full: true)");
        }
        Object except = o.getOrDefault("except", List.of());
        if (!(except instanceof java.util.Collection<?> tables)) {
            throw new StagegateException(ErrorCode.USAGE, "rollbackCycle: except takes a list of tables, e.g. except: ['migration_log']");
        }
        RollbackCycle.Result r;
        try (var beat = record.beat("rollback cycle: forward, back and forward again on a copy, the data compared", null, "")) {
            r = RollbackCycle.run(live, set, EngineOptions.defaults(), new RollbackCycle.Options(text(o, "to"), text(o, "top"),
                    full, copy(o), flag(o, "keep"), probeWait(o), tables.stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet())),
                    out::println);
        }
        List<Finding> findings = RehearsalFindings.of(r, thresholds(o));
        List<Path> files = RollbackDocuments.write(evidence, set, r, findings, command);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("back", r.back());
        metrics.put("top", r.top());
        metrics.put("data_at_back_compared", r.atVCaptured());
        metrics.put("rollback_ms", r.legs().stream().flatMap(l -> l.migrations().stream()).filter(m -> m.rollback()).mapToLong(m -> m.millis()).sum());
        metrics.put("target_untouched", r.target().untouched());
        String cycle = r.top() + " -> " + r.back() + " -> " + r.top() + " on a copy";
        StepResult step = StepResult.of("rollback cycle", findings, metrics, files, Duration.ZERO).withSummary(r.passed()
                ? cycle + ": the data and schema at " + (r.atVCaptured() ? r.back() + " and at " : "") + r.top() + " survived, row for row and column by column"
                + (r.except().isEmpty() ? "" : " (left out: " + String.join(", ", new TreeSet<>(r.except())) + ")")
                : cycle + ": " + (r.failure() != null ? r.failure() : "the data did not survive (" + findings.size() + " finding(s))"));
        if (r.passed() && !r.atVCaptured()) {
            step = step.withStatus(StepStatus.INCOMPLETE).withSummary(cycle + ": the data at " + r.top() + " survived; at " + r.back()
                    + " NOT TESTED (the target was already past it)");
        } else if (!r.target().untouched() && r.failure() == null && r.lostByRollback().isEmpty() && r.notRepeated().isEmpty()
                && r.schemaNotRestored().isEmpty()) {
            step = step.withStatus(StepStatus.INCOMPLETE);
        }
        record.show(GateCondition.ROLLBACK, step.status());
        if (step.status() != StepStatus.PASSED && step.status() != StepStatus.WARNED) {
            record.unshow(GateCondition.ROLLBACK);
        }
        StepResult rec = record.record(step, start);
        if (step.status() == StepStatus.FAILED) {
            throw new GateStop("the rollback cycle failed on the copy: " + rec.summary());
        }
        return rec;
    }

    private static void check(String word, Map<String, Object> o, Set<String> known) {
        for (String key : o.keySet()) {
            if (!known.contains(key)) {
                throw new StagegateException(ErrorCode.USAGE, word + ": unknown option '" + key + "'; known: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static String text(Map<String, Object> o, String key) {
        Object v = o.get(key);
        return v == null ? null : v.toString();
    }

    private static boolean flag(Map<String, Object> o, String key) {
        Object v = o.getOrDefault(key, false);
        if (!(v instanceof Boolean b)) {
            throw new StagegateException(ErrorCode.USAGE, key + " takes true or false, not '" + v + "'");
        }
        return b;
    }

    /** {@code copy: 'sample', sample: '5%'} is the rehearsal's {@code sample:0.05}. */
    private static String copy(Map<String, Object> o) {
        String copy = o.getOrDefault("copy", "auto").toString();
        if (!copy.equals("sample") || !o.containsKey("sample")) {
            return copy;
        }
        try {
            return "sample:" + Double.parseDouble(o.get("sample").toString().strip().replace("%", "")) / 100;
        } catch (NumberFormatException e) {
            throw new StagegateException(ErrorCode.USAGE, "sample: takes a percentage such as '10%', not '" + o.get("sample") + "'");
        }
    }

    private static Duration probeWait(Map<String, Object> o) {
        Duration d = DurationText.parse("probeWait", o.getOrDefault("probeWait", "50ms").toString());
        if (d.isZero()) {
            throw new StagegateException(ErrorCode.USAGE, "probeWait: 0 would wait without limit on the copy; give a duration such as 50ms");
        }
        return d;
    }

    private static RehearsalFindings.Thresholds thresholds(Map<String, Object> o) {
        long rows;
        try {
            rows = Long.parseLong(o.getOrDefault("bigTableRows", 100_000).toString());
        } catch (NumberFormatException e) {
            throw new StagegateException(ErrorCode.USAGE, "bigTableRows takes a number of rows, not '" + o.get("bigTableRows") + "'");
        }
        return new RehearsalFindings.Thresholds(DurationText.parse("maxLock", o.getOrDefault("maxLock", "1s").toString()).toMillis(), rows,
                DurationText.parse("maxBlocked", o.getOrDefault("maxBlocked", "1s").toString()).toMillis());
    }
}
