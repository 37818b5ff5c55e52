package dev.stagegate.console.gate;

import dev.stagegate.benchmark.PerformanceCheck;
import dev.stagegate.benchmark.PerformanceResult;
import dev.stagegate.benchmark.StoredBaseline;
import dev.stagegate.benchmark.run.BenchRunner;
import dev.stagegate.benchmark.suite.QuerySuite;
import dev.stagegate.benchmark.verdict.Outcome;
import dev.stagegate.benchmark.verdict.Thresholds;
import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.example.Example;
import dev.stagegate.core.progress.Progress;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.Target;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.engine.MigrationEngine;
import dev.stagegate.migration.engine.MigrationRun;
import dev.stagegate.migration.engine.MigrationStatus;
import dev.stagegate.migration.rehearsal.RehearsalCopy;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.reporting.verdict.GateCondition;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code bench suite: 'queries.sql', to: '005'} (CE-26): the suite on two copies of the target made
 * like the rehearsal's, the baseline as the target is now (before the migration) and the candidate
 * migrated to {@code to}, both vacuumed and analyzed alike, measured interleaved by
 * {@link PerformanceCheck}; the copies are dropped after. The target is only read. With
 * {@code baselineJson:} the candidate copy is judged against a stored baseline instead (not
 * interleaved). A suite whose every query passes shows the {@code performance} condition; a query
 * 30% slower or more (slowerRollback:) is a rollback trigger the verdict names.
 */
final class BenchSteps {

    static final Set<String> KEYS = Set.of("suite", "to", "copy", "rounds", "warmup", "measure", "bigTableRows", "baselineJson", "pinCpu",
            "slowerFails", "slowerRollback", "controlDrift", "maxSpread");

    private BenchSteps() {
    }

    static StepResult bench(Map<String, Object> o, Target live, MigrationSet set, Example example, EvidenceRun evidence, GateRecord record,
                            PrintWriter out, long start) throws SQLException {
        for (String key : o.keySet()) {
            if (!KEYS.contains(key)) {
                throw new StagegateException(ErrorCode.USAGE, "bench: unknown option '" + key + "'; known: " + String.join(", ", new TreeSet<>(KEYS)));
            }
        }
        if (o.get("suite") == null) {
            throw new StagegateException(ErrorCode.USAGE, "bench needs a query suite: bench suite: 'queries.sql', to: '005'");
        }
        QuerySuite suite = QuerySuite.read(locate(o.get("suite").toString(), example, "suite"));
        PerformanceCheck.Options options = new PerformanceCheck.Options(BenchRunner.Settings.of(number(o, "rounds", 6),
                text(o, "warmup", "2x600ms"), text(o, "measure", "3x300ms"), "").withPin(text(o, "pinCpu", "auto"), "pinCpu:"), Thresholds.of(text(o, "slowerFails", null), text(o, "slowerRollback", null),
                text(o, "controlDrift", null), text(o, "maxSpread", null), Thresholds.DSL), number(o, "bigTableRows", 100_000));
        Path stored = o.get("baselineJson") == null ? null : locate(o.get("baselineJson").toString(), example, "baselineJson");
        String to = o.get("to") == null ? set.latest().map(m -> m.version().toString()).orElse(null) : o.get("to").toString();
        if (to == null || set.find(to).isEmpty()) {
            throw new StagegateException(ErrorCode.VERSION_UNKNOWN, "bench: to: " + to + " is no migration of this set; the latest is "
                    + set.latest().map(m -> m.version().toString()).orElse("(none)"));
        }
        MigrationStatus status;
        try (Connection c = Connector.open(live); MigrationEngine e = new MigrationEngine(c, set, EngineOptions.defaults(), ev -> { })) {
            status = e.status();
        }
        boolean pending = status.pending().stream().anyMatch(m -> m.version().compareTo(set.find(to).get().version()) <= 0);
        if (!pending && stored == null) {
            return record.record(StepResult.notRun("bench", StepStatus.NOT_TESTED, "the target is already at " + status.currentVersion()
                    + ": there is no database from before the migration to compare with; put `bench` before `migrate` (it works on copies) "
                    + "or give baselineJson: a baseline recorded before"), start);
        }
        String copy = text(o, "copy", "auto");
        String version = set.find(to).get().version().toString();
        PerformanceResult r;
        // the baseline first, then the candidate as a template copy of it: the same data, on the same server
        try (RehearsalCopy baseline = RehearsalCopy.make(live, copy, false);
             RehearsalCopy candidate = RehearsalCopy.make(baseline.target(), "template", false)) {
            out.println("[INFO] baseline: " + baseline.describe());
            out.println("[INFO] candidate: " + candidate.describe() + ", then migrated to " + version);
            String failure = migrate(candidate.target(), set, to);
            if (failure != null) {
                // like a failed rehearsal: recorded as the step's finding, then the gate stops before the target is migrated
                record.record(StepResult.of("bench", java.util.List.of(dev.stagegate.core.result.Finding.of(
                        dev.stagegate.migration.MigrationCode.REHEARSAL_FAILED, dev.stagegate.core.result.Severity.ERROR, "candidate copy",
                        "a migration failed on the candidate copy: " + failure + "; the target was not touched")), Map.of(), java.util.List.of(),
                        Duration.ZERO).withSummary("a migration failed on the candidate copy: " + failure), start);
                throw new GateStop("bench: a migration failed on the candidate copy: " + failure);
            }
            analyze(candidate.target());
            if (stored != null) {
                r = StoredBaseline.compare(stored, candidate.target(), suite, options, evidence, Progress.lines(out, Progress.onTerminal()));
            } else {
                analyze(baseline.target());
                r = PerformanceCheck.run(baseline.target(), candidate.target(), suite, options, evidence, Progress.lines(out, Progress.onTerminal()));
            }
        }
        StepResult step = step(r, status.currentVersion(), version, options.thresholds(), record);
        if (step.passed() && r.passed()) {
            record.benchedAt(version);
        }
        return record.record(step, start);
    }

    private static StepResult step(PerformanceResult r, String from, String to, Thresholds t, GateRecord record) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("queries", r.suite().queries().size());
        metrics.put("rounds", r.rounds());
        metrics.put("interleaved", r.interleaved());
        String control = r.suite().control().map(q -> q.id()).orElse("");
        long queries = r.verdicts().keySet().stream().filter(id -> !id.equals(control)).count();
        long passed = r.verdicts().entrySet().stream().filter(e -> !e.getKey().equals(control) && e.getValue().outcome().passes()).count();
        String summary = passed + "/" + queries + " queries within " + t.passPercent() + " of the baseline (" + (from == null ? "none" : from) + " vs " + to
                + ", " + r.roundsText() + (r.interleaved() ? " interleaved" : " against a stored baseline, NOT interleaved") + "); worst "
                + r.worst() + (r.worst() == Outcome.ROLLBACK ? ", a rollback trigger" : "") + "; ce26_performance_report.md";
        StepResult step = StepResult.of("bench", r.findings(), metrics, r.files(), Duration.ZERO).withSummary(summary);
        if (!step.status().failed() && (r.worst() == Outcome.NO_VERDICT || r.worst() == Outcome.INCONCLUSIVE)) {
            step = step.withStatus(StepStatus.INCOMPLETE);
        }
        // shown either way: a bench that ran and did not pass says "its step ended INCOMPLETE", not "run bench"
        record.show(GateCondition.PERFORMANCE, step.passed() && !r.passed() ? StepStatus.INCOMPLETE : step.status());
        return step;
    }

    /** The candidate copy migrated to {@code to}: null, or the failure in one line. */
    private static String migrate(Target copy, MigrationSet set, String to) throws SQLException {
        try (Connection c = Connector.open(copy); MigrationEngine e = new MigrationEngine(c, set, EngineOptions.defaults(), ev -> { })) {
            MigrationRun run = e.migrate(to);
            return run.succeeded() ? null : run.failure();
        }
    }

    /** The field notes: VACUUM (ANALYZE) after loading and after migrating, on both arms alike; only the copies are touched. */
    private static void analyze(Target copy) throws SQLException {
        try (Connection c = Connector.open(copy); Statement st = c.createStatement()) {
            st.execute("VACUUM (ANALYZE)");
        }
    }

    /** A path as given, else beside the example (scripts/NAME/): where its gate's own files live. */
    private static Path locate(String given, Example example, String key) {
        Path p = Path.of(given);
        if (!Files.exists(p) && !p.isAbsolute() && example != null && Files.exists(example.dir().resolve(given))) {
            p = example.dir().resolve(given);
        }
        if (!Files.isRegularFile(p)) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, "bench: " + key + ": " + given + " is no file (looked in " + Path.of("").toAbsolutePath()
                    + (example == null ? "" : " and " + example.dir()) + ")");
        }
        return p;
    }

    private static String text(Map<String, Object> o, String key, String def) {
        Object v = o.get(key);
        return v == null ? def : v.toString();
    }

    private static int number(Map<String, Object> o, String key, int def) {
        Object v = o.getOrDefault(key, def);
        try {
            return Integer.parseInt(v.toString().strip());
        } catch (NumberFormatException e) {
            throw new StagegateException(ErrorCode.USAGE, "bench: " + key + " takes a whole number, not '" + v + "'");
        }
    }
}
