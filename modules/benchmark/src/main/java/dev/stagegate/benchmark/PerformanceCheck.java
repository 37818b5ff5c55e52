package dev.stagegate.benchmark;

import dev.stagegate.benchmark.plan.PlanChanges;
import dev.stagegate.benchmark.plan.QueryPlan;
import dev.stagegate.benchmark.report.PerformanceReport;
import dev.stagegate.benchmark.run.BenchRunner;
import dev.stagegate.benchmark.run.SuiteParameters;
import dev.stagegate.benchmark.server.ConnectionHealth;
import dev.stagegate.benchmark.server.IndexUsage;
import dev.stagegate.benchmark.server.RelationSizes;
import dev.stagegate.benchmark.server.SlowStatements;
import dev.stagegate.benchmark.suite.QuerySuite;
import dev.stagegate.benchmark.suite.SuiteQuery;
import dev.stagegate.benchmark.verdict.Comparison;
import dev.stagegate.benchmark.verdict.Outcome;
import dev.stagegate.benchmark.verdict.QueryVerdict;
import dev.stagegate.benchmark.verdict.Thresholds;
import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.Target;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * CE-26 on one suite, start to end: parameters picked on the baseline, sizes and the steady-state plan
 * of every query on both arms, index counters read, the suite timed by JMH on both arms interleaved
 * ({@link BenchRunner}), judged ({@link Comparison}; more rounds once if inconclusive), then, once the
 * forks' sessions are gone, the connections, index counters and slow statements read again. Both
 * databases are only read. The evidence is written by {@link PerformanceReport}.
 */
public final class PerformanceCheck {

    /**
     * @param bigTableRows a table with this many rows is big: a sequential scan or a new sort over it is a finding
     */
    public record Options(BenchRunner.Settings settings, Thresholds thresholds, long bigTableRows) {
        public static Options defaults() {
            return new Options(BenchRunner.Settings.defaults(), Thresholds.seeds(), 100_000);
        }
    }

    /** What one arm looked like before its forks ran. */
    record Arm(Map<String, RelationSizes.Size> sizes, Map<String, QueryPlan> plans, Map<String, Object[]> indexes) {
    }

    private PerformanceCheck() {
    }

    public static PerformanceResult run(Target baseline, Target candidate, QuerySuite suite, Options o, EvidenceRun evidence,
                                        Consumer<String> say) throws SQLException {
        long start = System.nanoTime();
        String application = application(evidence);
        Map<String, Object> params;
        Arm before;
        Arm after;
        try (Connection b = Connector.open(baseline); Connection c = Connector.open(candidate)) {
            b.setReadOnly(true);
            c.setReadOnly(true);
            params = SuiteParameters.pick(b, suite);
            before = arm(b, suite, params);
            after = arm(c, suite, params);
        }
        say.accept("[INFO] " + suite.queries().size() + " queries, " + o.settings().rounds() + " rounds of one fork per query per arm, "
                + "interleaved (about " + Math.round(suite.queries().size() * 2 * o.settings().rounds() * (o.settings().forkSeconds() + 0.5))
                + " s)");
        BenchRunner.Samples s = BenchRunner.run(baseline, candidate, suite, params, o.settings(), evidence.folder().resolve("jmh"),
                application, say);
        String control = suite.control().map(SuiteQuery::id).orElse(null);
        Map<String, QueryVerdict> v = Comparison.judge(s.baseline(), s.candidate(), control, o.thresholds(), false, true);
        int rounds = o.settings().rounds();
        if (v.values().stream().anyMatch(x -> x.outcome() == Outcome.INCONCLUSIVE)) {
            say.accept("[INFO] inconclusive: " + rounds + " more rounds, once");
            BenchRunner.Samples more = BenchRunner.run(baseline, candidate, suite, params, o.settings(),
                    evidence.folder().resolve("jmh/more"), application, line -> say.accept(line.replace("] round ", "] extra round ")));
            s = new BenchRunner.Samples(concat(s.baseline(), more.baseline()), concat(s.candidate(), more.candidate()), s.jmhJson());
            v = Comparison.judge(s.baseline(), s.candidate(), control, o.thresholds(), true, true);
            rounds *= 2;
        }
        return finish(suite, true, rounds, params, s.baseline(), s.candidate(), v, before, after, candidate, application, o, evidence, start);
    }

    /** The baseline alone, stored for a later {@link StoredBaseline#compare}: the seeds' baseline_benchmark.json. */
    public static java.nio.file.Path record(Target database, QuerySuite suite, Options o, EvidenceRun evidence, Consumer<String> say)
            throws SQLException {
        return StoredBaseline.record(database, suite, o, evidence, say);
    }

    static PerformanceResult finish(QuerySuite suite, boolean interleaved, int rounds, Map<String, Object> params, Map<String, double[]> bMs,
                                    Map<String, double[]> cMs, Map<String, QueryVerdict> v, Arm before, Arm after, Target candidate,
                                    String application, Options o, EvidenceRun evidence, long start) throws SQLException {
        ConnectionHealth.Reading health;
        Map<String, Object[]> indexesAfter;
        SlowStatements.Found slow;
        try (Connection c = Connector.open(candidate)) {
            c.setReadOnly(true);
            health = ConnectionHealth.awaitGone(c, application, 5_000);
            indexesAfter = settled(c);
            slow = SlowStatements.read(c, suite, cMs);
        }
        Map<String, Long> scans = IndexUsage.delta(after.indexes(), indexesAfter);
        Map<String, String> tables = new LinkedHashMap<>();
        indexesAfter.keySet().forEach(ix -> tables.put(ix, IndexUsage.tableOf(indexesAfter, ix)));
        List<Finding> findings = new ArrayList<>(SuiteFindings.verdicts(v, suite, cMs, bMs, interleaved));
        for (SuiteQuery q : suite.queries()) {
            QueryPlan pb = before.plans().get(q.id());
            QueryPlan pc = after.plans().get(q.id());
            if (pb != null && pc != null) {
                findings.addAll(PlanChanges.compare(pb, pc, after.sizes(), o.bigTableRows()));
            }
        }
        findings.addAll(SuiteFindings.server(scans, tables, after.plans(), health, slow, before.sizes(), after.sizes()));
        PerformanceResult r = new PerformanceResult(suite, interleaved, rounds, params, bMs, cMs, v, Comparison.worst(v), before.plans(),
                after.plans(), scans, tables, before.sizes(), after.sizes(), health, slow.statements(), slow.source(), findings, List.of(),
                (System.nanoTime() - start) / 1_000_000);
        return r.withFiles(PerformanceReport.write(evidence, r, o));
    }

    static Arm arm(Connection c, QuerySuite suite, Map<String, Object> params) throws SQLException {
        Map<String, QueryPlan> plans = new LinkedHashMap<>();
        for (SuiteQuery q : suite.queries()) {
            try {
                plans.put(q.id(), QueryPlan.capture(c, q, params));
            } catch (SQLException e) {
                throw new StagegateException(ErrorCode.INPUT_INVALID, "query " + q.id() + " (" + (suite.file() == null ? "suite" : suite.file().getFileName())
                        + ":" + q.line() + ") does not run on " + c.getCatalog() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                        + "; fix the query or its parameters");
            }
        }
        return new Arm(RelationSizes.read(c), plans, IndexUsage.read(c));
    }

    /** The index counters once they stopped moving: a backend flushes its counts when it ends, a moment after it leaves pg_stat_activity. */
    private static Map<String, Object[]> settled(Connection c) throws SQLException {
        Map<String, Object[]> last = IndexUsage.read(c);
        for (int i = 0; i < 10; i++) {
            sleep(300);
            Map<String, Object[]> now = IndexUsage.read(c);
            if (IndexUsage.delta(last, now).values().stream().allMatch(d -> d == 0) && i >= 1) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String application(EvidenceRun evidence) {
        return BenchRunner.APPLICATION + " " + evidence.runId();
    }

    static Map<String, double[]> concat(Map<String, double[]> a, Map<String, double[]> b) {
        Map<String, double[]> out = new LinkedHashMap<>();
        a.forEach((k, x) -> {
            double[] y = b.getOrDefault(k, new double[0]);
            double[] z = java.util.Arrays.copyOf(x, x.length + y.length);
            System.arraycopy(y, 0, z, x.length, y.length);
            out.put(k, z);
        });
        return out;
    }
}
