package dev.stagegate.benchmark;

import dev.stagegate.benchmark.plan.QueryPlan;
import dev.stagegate.benchmark.server.ConnectionHealth;
import dev.stagegate.benchmark.server.RelationSizes;
import dev.stagegate.benchmark.server.RlsBypass;
import dev.stagegate.benchmark.server.SlowStatements;
import dev.stagegate.benchmark.suite.QuerySuite;
import dev.stagegate.benchmark.suite.SuiteQuery;
import dev.stagegate.benchmark.verdict.QueryVerdict;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.target.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The findings of a CE-26 run: one per query verdict that is not a clean pass, and what the server showed. */
final class SuiteFindings {

    private SuiteFindings() {
    }

    /** Forks that ran unpinned measured the scheduler's placement too: said, since it is why intervals come out wide. */
    static List<Finding> pinning(String pinning) {
        if (pinning == null || dev.stagegate.benchmark.run.BenchRunner.pinned(pinning)) {
            return List.of();
        }
        return List.of(Finding.of(BenchmarkCode.BENCH_UNPINNED, Severity.WARNING, "forks", "the forks and their backends were " + pinning
                + "; a backend's round trip then depends on which CPU the scheduler gives it (20-40% between forks on a 2-core host), "
                + "so intervals come out wider and more queries get no verdict"));
    }

    /**
     * Policies the timings left out: a warning, since the role is the user's choice, but a loud one, since a
     * migration that adds row-level security otherwise looks free (decision 85).
     */
    static List<Finding> rlsBypassed(List<RlsBypass.Bypassed> bypassed) {
        if (bypassed.isEmpty()) {
            return List.of();
        }
        String why = bypassed.get(0).why();
        return List.of(Finding.of(BenchmarkCode.BENCH_RLS_BYPASSED, Severity.WARNING, bypassed.size() + " table(s)", "the benchmark's role is "
                + why + ", so the row-level security of " + bypassed.stream().map(RlsBypass.Bypassed::table)
                .limit(8).collect(Collectors.joining(", ")) + (bypassed.size() > 8 ? " and " + (bypassed.size() - 8) + " more" : "")
                + " was not evaluated: the timings leave the policies' cost out, which the application's role pays on every row; "
                + "benchmark as a role that is subject to them"));
    }

    /** One database as both arms: the same server, port and database (another spelling of the host is not caught). */
    static boolean sameDatabase(Target a, Target b) {
        return a.kind() == b.kind() && Objects.equals(a.host(), b.host()) && a.port() == b.port()
                && Objects.equals(a.database(), b.database());
    }

    /** A warning, not a refusal: an A/A run is how a host's noise is measured (benchmarks/bench-verdict.sh aa). */
    static List<Finding> aa(Target t) {
        return List.of(Finding.of(BenchmarkCode.BENCH_SAME_DATABASE, Severity.WARNING, t.database(), "the baseline and the candidate are one "
                + "database (" + t.database() + "): an A/A run, whose verdicts measure this host's noise, not a migration; give a copy from "
                + "before the migration as --baseline-db"));
    }

    static List<Finding> verdicts(Map<String, QueryVerdict> verdicts, QuerySuite suite, Map<String, double[]> candidateMs,
                                  Map<String, double[]> baselineMs, boolean interleaved) {
        List<Finding> out = new ArrayList<>();
        for (QueryVerdict v : verdicts.values()) {
            String said = v.id() + ": " + v.why();
            switch (v.outcome()) {
                case ROLLBACK -> out.add(Finding.of(BenchmarkCode.BENCH_ROLLBACK_TRIGGER, Severity.CRITICAL, v.id(), String.format(Locale.ROOT,
                        "%s is %.0f%% slower on the candidate (r %.2f, 95%% CI %.2f-%.2f): a rollback trigger", v.id(), (v.ratio() - 1) * 100,
                        v.ratio(), v.low(), v.high()), said));
                case FAIL, FAIL_SOFT -> out.add(Finding.of(BenchmarkCode.BENCH_SLOWER, Severity.ERROR, v.id(), String.format(Locale.ROOT,
                        "%s is slower on the candidate (r %.2f, 95%% CI %.2f-%.2f)%s", v.id(), v.ratio(), v.low(), v.high(),
                        v.outcome().name().equals("FAIL_SOFT") ? ", softly: still straddling the threshold after the extra rounds" : ""), said));
                case PASS_WARN -> out.add(Finding.of(BenchmarkCode.BENCH_SLOWER, Severity.WARNING, v.id(), String.format(Locale.ROOT,
                        "%s may be slower (r %.2f, 95%% CI %.2f-%.2f still straddles the threshold after the extra rounds): passed with a warning",
                        v.id(), v.ratio(), v.low(), v.high()), said));
                case NO_VERDICT, INCONCLUSIVE -> out.add(Finding.of(BenchmarkCode.BENCH_NO_VERDICT, Severity.WARNING, v.id(),
                        v.id() + " has no verdict: " + v.why(), said));
                default -> {
                }
            }
        }
        for (SuiteQuery q : suite.queries()) {
            double[] c = candidateMs.get(q.id());
            if (q.max() == null || c == null || c.length == 0) {
                continue;
            }
            double limit = q.max().toNanos() / 1e6;
            double median = median(c);
            if (median > limit) {
                double[] b = baselineMs.get(q.id());
                out.add(Finding.of(BenchmarkCode.BENCH_OVER_LIMIT, Severity.ERROR, q.id(), String.format(Locale.ROOT,
                        "%s takes %.3f ms on the candidate (median), over its limit of %.3f ms (-- max:)%s", q.id(), median, limit,
                        b == null || b.length == 0 ? "" : String.format(Locale.ROOT, "; on the baseline %.3f ms", median(b)))));
            }
        }
        if (suite.control().isEmpty()) {
            out.add(Finding.of(BenchmarkCode.BENCH_NO_CONTROL, Severity.WARNING, suite.file() == null ? "suite" : suite.file().getFileName().toString(),
                    "the suite has no `-- control` query: host drift between the arms is not checked; add a query no migration touches"));
        }
        if (!interleaved) {
            out.add(Finding.of(BenchmarkCode.BENCH_NOT_INTERLEAVED, Severity.WARNING, "baseline",
                    "not interleaved: the baseline is a stored result from an earlier run, so host drift is not controlled; a slowdown or a "
                            + "pass may be the host's (run `stagegate bench` with both databases live to compare them side by side)"));
        }
        return out;
    }

    /** A query the migration broke: a rollback trigger, as a query infinitely slower would be. */
    static List<Finding> broken(Map<String, String> broken) {
        List<Finding> out = new ArrayList<>();
        broken.forEach((id, why) -> out.add(Finding.of(BenchmarkCode.BENCH_QUERY_BROKEN, Severity.CRITICAL, id, id
                + " runs on the baseline but not on the candidate: " + why + "; the migration broke a query the application runs")));
        return out;
    }

    /**
     * The control must be a query no migration touches: its move is read as the host's drift. A plan that is not
     * the same on both arms (another node, table or index) says the migration changed what it reads, so a move of
     * the control is not the host's alone. Its verdicts stay as judged (a moved control withholds them: never a
     * pass), and this says why. A change that leaves the plan alone (a column's type) is not seen here.
     */
    static List<Finding> controlTouched(String control, Map<String, QueryPlan> before, Map<String, QueryPlan> after) {
        QueryPlan b = control == null ? null : before.get(control);
        QueryPlan c = control == null ? null : after.get(control);
        if (b == null || c == null || dev.stagegate.benchmark.plan.PlanChanges.shape(b).equals(dev.stagegate.benchmark.plan.PlanChanges.shape(c))) {
            return List.of();
        }
        return List.of(Finding.of(BenchmarkCode.BENCH_CONTROL_TOUCHED, Severity.WARNING, control, control + " is the control, but its plan "
                + "differs between the arms: the migration changed what it reads, so its move says nothing about the host; give the suite a "
                + "control no migration touches (e.g. SELECT count(*) FROM generate_series(1, 2000))", "baseline: "
                + dev.stagegate.benchmark.plan.PlanChanges.shape(b), "candidate: " + dev.stagegate.benchmark.plan.PlanChanges.shape(c)));
    }

    /** What each arm's query returned when its plan was taken: an arm that returns nothing times nothing. */
    static List<Finding> results(Map<String, QueryPlan> before, Map<String, QueryPlan> after) {
        List<Finding> out = new ArrayList<>();
        before.forEach((id, b) -> {
            QueryPlan c = after.get(id);
            if (b.rows() == 0) {
                out.add(Finding.of(BenchmarkCode.BENCH_EMPTY_RESULT, Severity.WARNING, id, id + " returns no row on the baseline: it times an "
                        + "empty result; pick parameters that find rows"));
            } else if (c != null && b.rows() > 0 && c.rows() == 0) {
                out.add(Finding.of(BenchmarkCode.BENCH_RESULT_CHANGED, Severity.ERROR, id, String.format(Locale.ROOT, "%s returns %,d row(s) on "
                        + "the baseline and none on the candidate: a faster time there is no work done, and the migration changed what it "
                        + "returns", id, b.rows())));
            } else if (c != null && b.rows() > 0 && c.rows() >= 0 && c.rows() != b.rows()) {
                out.add(Finding.of(BenchmarkCode.BENCH_RESULT_CHANGED, Severity.WARNING, id, String.format(Locale.ROOT, "%s returns %,d row(s) "
                        + "on the candidate, %,d on the baseline: the timing compares different work", id, c.rows(), b.rows())));
            }
        });
        return out;
    }

    static List<Finding> server(Map<String, Long> scans, Map<String, String> tables, Map<String, QueryPlan> plans, ConnectionHealth.Reading health,
                                SlowStatements.Found slow, Map<String, RelationSizes.Size> before, Map<String, RelationSizes.Size> after) {
        List<Finding> out = new ArrayList<>();
        Set<String> read = new TreeSet<>();
        plans.values().forEach(p -> p.nodes().forEach(n -> {
            if (n.relation() != null) {
                read.add(n.relation());
            }
        }));
        List<String> unused = scans.entrySet().stream().filter(e -> e.getValue() == 0 && read.contains(tables.get(e.getKey())))
                .map(e -> e.getKey() + " on " + tables.get(e.getKey())).sorted().toList();
        if (!unused.isEmpty()) {
            out.add(Finding.of(BenchmarkCode.BENCH_INDEX_UNUSED, Severity.INFO, unused.size() + " index(es)", unused.size()
                    + " index(es) of the tables the suite reads got no scan while it ran on the candidate: reported, not failed (the application "
                    + "may use them; the suite does not)", unused));
        }
        if (health.leftovers() > 0) {
            out.add(Finding.of(BenchmarkCode.BENCH_CONNECTION_LEAK, Severity.ERROR, "connections", health.leftovers()
                    + " session(s) the benchmark opened were still open 5 s after it ended"));
        }
        if (health.idleInTransaction() > 0) {
            out.add(Finding.of(BenchmarkCode.BENCH_IDLE_IN_TRANSACTION, Severity.WARNING, "connections", String.format(Locale.ROOT,
                    "%d session(s) on the candidate's server were idle in a transaction when the benchmark ended (the longest for %.0f s): they "
                            + "hold locks and snapshots, and skew what the queries see", health.idleInTransaction(), health.longestIdleInTransactionSeconds())));
        }
        for (String s : slow.statements()) {
            out.add(Finding.of(BenchmarkCode.BENCH_SLOW_QUERY, Severity.WARNING, s.length() > 60 ? s.substring(0, 60) : s,
                    "over a second, from " + slow.source() + ": " + s));
        }
        for (RelationSizes.Size a : after.values()) {
            RelationSizes.Size b = before.get(a.name());
            if (b != null && a.totalBytes() >= 2 * b.totalBytes() && a.totalBytes() - b.totalBytes() >= 10L << 20) {
                out.add(Finding.of(BenchmarkCode.BENCH_SIZE_GROWTH, Severity.INFO, a.name(), String.format(Locale.ROOT,
                        "%s %s grew from %,d to %,d bytes from the baseline to the candidate", a.kind(), a.name(), b.totalBytes(), a.totalBytes())));
            }
        }
        return out;
    }

    static double median(double[] xs) {
        return dev.stagegate.benchmark.verdict.Comparison.median(xs);
    }
}
