package dev.stagegate.benchmark;

import dev.stagegate.benchmark.plan.PlanChanges;
import dev.stagegate.benchmark.plan.QueryPlan;
import dev.stagegate.benchmark.report.PerformanceReport;
import dev.stagegate.benchmark.run.BenchRunner;
import dev.stagegate.benchmark.run.HostLock;
import dev.stagegate.benchmark.run.SuiteParameters;
import dev.stagegate.benchmark.server.ConnectionHealth;
import dev.stagegate.benchmark.server.IndexUsage;
import dev.stagegate.benchmark.server.ReadOnlySession;
import dev.stagegate.benchmark.server.SuiteSession;
import dev.stagegate.benchmark.server.RelationSizes;
import dev.stagegate.benchmark.server.RlsBypass;
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

import java.nio.file.Path;
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
        try (HostLock lock = HostLock.acquire()) {
            return interleaved(baseline, candidate, suite, o, evidence, say);
        }
    }

    private static PerformanceResult interleaved(Target baseline, Target candidate, QuerySuite suite, Options o, EvidenceRun evidence,
                                                 Consumer<String> say) throws SQLException {
        long start = System.nanoTime();
        String application = application(evidence);
        Map<String, Object> params;
        Arm before;
        Arm after;
        Map<String, String> broken = new LinkedHashMap<>();
        try (Connection b = ReadOnlySession.apply(Connector.open(baseline)); Connection c = ReadOnlySession.apply(Connector.open(candidate))) {
            params = SuiteParameters.pick(b, suite);
            before = arm(b, suite, params, null);
            after = arm(c, suite, params, broken);
        }
        Judged j = measure(baseline, candidate, null, suite.without(broken.keySet()), params, o, evidence, application, say);
        return finish(suite, true, j, broken, params, before, after, baseline, candidate, application, o, evidence, start);
    }

    /**
     * Fork samples of both arms and their verdicts, with the rounds run.
     *
     * @param pinning  where the forks ran ({@link BenchRunner.Samples#pinning()}); null when none ran
     * @param extraFor the queries (and the control) that got the extra rounds
     */
    record Judged(Map<String, double[]> baselineMs, Map<String, double[]> candidateMs, Map<String, QueryVerdict> verdicts, int rounds,
                  String pinning, List<String> extraFor) {
    }

    /**
     * Times the suite (both arms interleaved, or the candidate alone against {@code stored} samples) and
     * judges it; an inconclusive query gets as many rounds again, once. A suite left with nothing but its
     * control (every other query broke on the candidate) is not timed.
     */
    /** About how long the forks take: a paired fork runs each arm's iterations, plus ~0.35 s of JVM and JMH per fork (measured). */
    private static long seconds(int queries, int rounds, boolean interleaved, BenchRunner.Settings s) {
        return Math.round(queries * rounds * ((interleaved ? 2 : 1) * s.forkSeconds() + 0.35));
    }

    static Judged measure(Target baseline, Target candidate, Map<String, double[]> stored, QuerySuite runnable, Map<String, Object> params,
                          Options o, EvidenceRun evidence, String application, Consumer<String> say) {
        if (runnable.queries().stream().allMatch(SuiteQuery::control)) {
            return new Judged(Map.of(), Map.of(), new LinkedHashMap<>(), 0, null, List.of());
        }
        boolean interleaved = stored == null;
        String control = runnable.control().map(SuiteQuery::id).orElse(null);
        int rounds = o.settings().rounds();
        say.accept("[INFO] " + runnable.queries().size() + " queries, " + rounds + " rounds of one fork per query" + (interleaved
                ? ", each fork timing both arms by turns" : " on the candidate alone, against the stored baseline") + " (about "
                + seconds(runnable.queries().size(), rounds, interleaved, o.settings()) + " s)");
        Path jmh = evidence.folder().resolve("jmh");
        BenchRunner.Samples s = interleaved ? BenchRunner.run(baseline, candidate, runnable, params, o.settings(), jmh, application, say)
                : BenchRunner.run(candidate, null, runnable, params, o.settings(), jmh, application, say);
        Map<String, double[]> b = interleaved ? s.baseline() : only(stored, runnable);
        Map<String, double[]> c = interleaved ? s.candidate() : s.baseline();
        Map<String, QueryVerdict> v = Comparison.judge(b, c, control, o.thresholds(), false, interleaved);
        String pinning = s.pinning();
        boolean comparable = !s.mixed();
        // the control's own straddling of 1.10 means nothing: only the suite's queries ask for more rounds
        java.util.Set<String> open = new java.util.LinkedHashSet<>();
        v.values().stream().filter(x -> x.outcome() == Outcome.INCONCLUSIVE && !x.id().equals(control)).forEach(x -> open.add(x.id()));
        List<String> extraFor = new ArrayList<>();
        if (!open.isEmpty() && comparable) {
            // only the queries still open get the extra rounds, and the control with them, so the drift check covers those rounds
            extraFor.addAll(open);
            if (control != null) {
                extraFor.add(control);
            }
            java.util.Set<String> settled = new java.util.HashSet<>(v.keySet());
            settled.removeAll(extraFor);
            QuerySuite again = runnable.without(settled);
            say.accept("[INFO] inconclusive: " + rounds + " more rounds of " + String.join(", ", extraFor) + ", once (about "
                    + seconds(again.queries().size(), rounds, interleaved, o.settings()) + " s)");
            Consumer<String> extra = say instanceof dev.stagegate.core.progress.Progress.Lines ? say
                    : line -> say.accept(line.replace("] round ", "] extra round "));
            BenchRunner.Samples more = interleaved ? BenchRunner.run(baseline, candidate, again, params, o.settings(), jmh.resolve("more"),
                    application, extra, "bench extra rounds") : BenchRunner.run(candidate, null, again, params, o.settings(), jmh.resolve("more"),
                    application, extra, "bench extra rounds");
            if (interleaved) {
                b = concat(b, more.baseline());
            }
            c = concat(c, interleaved ? more.candidate() : more.baseline());
            // the queries that got the extra rounds are judged again on all of theirs (with the control's); the others keep
            // the verdict of the rounds they took part in
            Map<String, QueryVerdict> rejudged = Comparison.judge(subset(b, extraFor), subset(c, extraFor), control, o.thresholds(), true, interleaved);
            open.forEach(id -> v.put(id, rejudged.get(id)));
            if (control != null && rejudged.containsKey(control)) {
                v.put(control, rejudged.get(control));
            }
            if (more.mixed() || more.pinned() != s.pinned()) {
                comparable = false;
                pinning = more.pinned() ? pinning : more.pinning();
            }
        }
        if (!comparable) {
            String why = "some forks ran pinned to a CPU and others not (" + pinning + "): a pinned fork's round trips run up to 2x faster, "
                    + "so the arms' times are not comparable";
            v.replaceAll((id, x) -> new QueryVerdict(id, Outcome.NO_VERDICT, x.ratio(), x.low(), x.high(), x.spread(), x.baselineSpread(),
                    x.candidateSpread(), x.baselineForks(), x.candidateForks(), why));
        }
        maskJmh(evidence);
        say.accept("[INFO] forks " + pinning);
        return new Judged(b, c, new LinkedHashMap<>(v), rounds, pinning, extraFor);
    }

    private static Map<String, double[]> subset(Map<String, double[]> samples, List<String> ids) {
        Map<String, double[]> out = new LinkedHashMap<>();
        ids.forEach(id -> {
            if (samples.containsKey(id)) {
                out.put(id, samples.get(id));
            }
        });
        return out;
    }

    private static Map<String, double[]> only(Map<String, double[]> samples, QuerySuite suite) {
        Map<String, double[]> out = new LinkedHashMap<>();
        suite.queries().forEach(q -> out.put(q.id(), samples.getOrDefault(q.id(), new double[0])));
        return out;
    }

    /** JMH writes its logs and JSON itself: they go through the evidence folder's masking like every other file. */
    private static void maskJmh(EvidenceRun evidence) {
        Path jmh = evidence.folder().resolve("jmh");
        try (var files = java.nio.file.Files.walk(jmh)) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                evidence.write(evidence.folder().relativize(f).toString(), java.nio.file.Files.readString(f));
            }
        } catch (java.io.IOException e) {
            throw new StagegateException(ErrorCode.IO_FAILED, "cannot read JMH's output under " + jmh + ": " + e.getMessage());
        }
    }

    /** The baseline alone, stored for a later {@link StoredBaseline#compare}: the seeds' baseline_benchmark.json. */
    public static java.nio.file.Path record(Target database, QuerySuite suite, Options o, EvidenceRun evidence, Consumer<String> say)
            throws SQLException {
        try (HostLock lock = HostLock.acquire()) {
            return StoredBaseline.record(database, suite, o, evidence, say);
        }
    }

    static PerformanceResult finish(QuerySuite suite, boolean interleaved, Judged j, Map<String, String> broken, Map<String, Object> params,
                                    Arm before, Arm after, Target baseline, Target candidate, String application, Options o, EvidenceRun evidence,
                                    long start) throws SQLException {
        ConnectionHealth.Reading health;
        Map<String, Object[]> indexesAfter;
        SlowStatements.Found slow;
        List<RlsBypass.Bypassed> bypassed;
        try (Connection c = ReadOnlySession.apply(Connector.open(candidate))) {
            health = ConnectionHealth.awaitGone(c, application, 5_000);
            indexesAfter = settled(c);
            slow = SlowStatements.read(c, suite, j.candidateMs());
            // the role the forks ran as: the suite's -- role:, or the same target's user
            bypassed = RlsBypass.read(SuiteSession.apply(c, suite, params), after.plans().values().stream().flatMap(p -> p.nodes().stream()).map(QueryPlan.Node::relation)
                    .filter(java.util.Objects::nonNull).distinct().toList());
        }
        // one database as both arms: an A/A run, read once and said
        boolean aa = baseline != null && SuiteFindings.sameDatabase(baseline, candidate);
        if (baseline != null && !aa) {
            // the forks' sessions on the baseline must be gone too (an A/A run reads its one database once)
            try (Connection b = ReadOnlySession.apply(Connector.open(baseline))) {
                ConnectionHealth.Reading left = ConnectionHealth.awaitGone(b, application, 5_000);
                health = new ConnectionHealth.Reading(health.byState(), health.idleInTransaction(), health.longestIdleInTransactionSeconds(),
                        health.leftovers() + left.leftovers(), health.maxConnections());
            }
        }
        Map<String, QueryVerdict> v = new LinkedHashMap<>(j.verdicts());
        broken.forEach((id, why) -> v.put(id, new QueryVerdict(id, Outcome.ROLLBACK, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY, Double.NaN, Double.NaN, Double.NaN, 0, 0, "it does not run on the candidate: " + why)));
        Map<String, Long> scans = IndexUsage.delta(after.indexes(), indexesAfter);
        Map<String, String> tables = new LinkedHashMap<>();
        indexesAfter.keySet().forEach(ix -> tables.put(ix, IndexUsage.tableOf(indexesAfter, ix)));
        List<Finding> findings = new ArrayList<>(SuiteFindings.broken(broken));
        findings.addAll(SuiteFindings.verdicts(j.verdicts(), suite, j.candidateMs(), j.baselineMs(), interleaved));
        findings.addAll(SuiteFindings.results(before.plans(), after.plans()));
        findings.addAll(SuiteFindings.controlTouched(suite.control().map(SuiteQuery::id).orElse(null), before.plans(), after.plans()));
        findings.addAll(SuiteFindings.pinning(j.pinning()));
        findings.addAll(SuiteFindings.rlsBypassed(bypassed));
        if (aa) {
            findings.addAll(SuiteFindings.aa(candidate));
        }
        for (SuiteQuery q : suite.queries()) {
            QueryPlan pb = before.plans().get(q.id());
            QueryPlan pc = after.plans().get(q.id());
            if (pb != null && pc != null) {
                findings.addAll(PlanChanges.compare(pb, pc, after.sizes(), o.bigTableRows()));
            }
        }
        findings.addAll(SuiteFindings.server(scans, tables, after.plans(), health, slow, before.sizes(), after.sizes()));
        String control = suite.control().map(SuiteQuery::id).orElse(null);
        PerformanceResult r = new PerformanceResult(suite, interleaved, j.rounds(), params, j.baselineMs(), j.candidateMs(), v,
                Comparison.worst(v, control), before.plans(), after.plans(), scans, tables, before.sizes(), after.sizes(), health, slow.statements(),
                slow.source(), findings, List.of(), (System.nanoTime() - start) / 1_000_000, j.pinning(), j.extraFor());
        return r.withFiles(PerformanceReport.write(evidence, r, o, application));
    }

    /**
     * Sizes, index counters and the steady-state plan of every query on one arm. A query that does not run
     * is the suite's fault on the baseline (refused, naming it); on the candidate ({@code broken} given) it is
     * what the migration did to it: kept as a finding, and the query is not timed.
     */
    static Arm arm(Connection c, QuerySuite suite, Map<String, Object> params, Map<String, String> broken) throws SQLException {
        Map<String, QueryPlan> plans = new LinkedHashMap<>();
        // planned as the queries run: as the suite's role, with its settings (a policy's filter is in the plan)
        SuiteSession.apply(c, suite, params);
        for (SuiteQuery q : suite.queries()) {
            try {
                plans.put(q.id(), QueryPlan.capture(c, q, params));
            } catch (SQLException e) {
                String error = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                if (broken == null) {
                    throw new StagegateException(ErrorCode.INPUT_INVALID, "query " + q.id() + " (" + (suite.file() == null ? "suite"
                            : suite.file().getFileName()) + ":" + q.line() + ") does not run on the baseline " + c.getCatalog() + ": " + error
                            + "; fix the query or its parameters");
                }
                broken.put(q.id(), error + ("57014".equals(e.getSQLState()) ? " (over the " + ReadOnlySession.STATEMENT_TIMEOUT
                        + " statement timeout)" : ""));
            }
        }
        SuiteSession.reset(c, suite);
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
