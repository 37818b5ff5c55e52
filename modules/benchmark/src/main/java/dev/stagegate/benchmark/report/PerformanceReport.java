package dev.stagegate.benchmark.report;

import dev.stagegate.benchmark.PerformanceCheck;
import dev.stagegate.benchmark.PerformanceResult;
import dev.stagegate.benchmark.plan.PlanChanges;
import dev.stagegate.benchmark.plan.QueryPlan;
import dev.stagegate.benchmark.server.RelationSizes;
import dev.stagegate.benchmark.suite.SuiteQuery;
import dev.stagegate.benchmark.verdict.QueryVerdict;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.result.Finding;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * CE-26's evidence: {@code ce26_benchmark_results.json} (everything, for machines),
 * {@code ce26_performance_report.md} with {@code ce26_performance_chart.svg} (for people), and
 * {@code ce26_performance_analysis.sql} (every query it ran, to run again by hand in psql).
 */
public final class PerformanceReport {

    private PerformanceReport() {
    }

    public static List<Path> write(EvidenceRun evidence, PerformanceResult r, PerformanceCheck.Options o, String application) {
        List<Path> files = new ArrayList<>();
        files.add(evidence.writeJson("ce26_benchmark_results.json", json(r, o)));
        files.add(evidence.write("ce26_performance_chart.svg", PerformanceChart.svg(r, o.thresholds())));
        files.add(evidence.write("ce26_performance_report.md", markdown(r, o)));
        files.add(evidence.write("ce26_performance_analysis.sql", AnalysisSql.text(r, application)));
        return files;
    }

    static Map<String, Object> json(PerformanceResult r, PerformanceCheck.Options o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("suite", r.suite().file() == null ? null : r.suite().file().toString());
        m.put("interleaved", r.interleaved());
        m.put("rounds", r.rounds());
        m.put("extra_rounds_for", r.extraFor());
        m.put("settings", o.settings());
        m.put("cpu_pinning", r.pinning());
        m.put("thresholds", o.thresholds());
        m.put("verdict", r.worst());
        m.put("params", r.params());
        // which query is the control (it is judged for drift, not counted as one of the suite's queries)
        m.put("control", r.suite().control().map(dev.stagegate.benchmark.suite.SuiteQuery::id).orElse(null));
        m.put("verdicts", r.verdicts());
        m.put("baseline_ms", r.baselineMs());
        m.put("candidate_ms", r.candidateMs());
        Map<String, Object> plans = new LinkedHashMap<>();
        for (SuiteQuery q : r.suite().queries()) {
            Map<String, Object> p = new LinkedHashMap<>();
            QueryPlan b = r.baselinePlans().get(q.id());
            QueryPlan c = r.candidatePlans().get(q.id());
            p.put("baseline", b == null ? null : PlanChanges.shape(b));
            p.put("candidate", c == null ? null : PlanChanges.shape(c));
            p.put("baseline_explain", b == null ? null : b.json());
            p.put("candidate_explain", c == null ? null : c.json());
            plans.put(q.id(), p);
        }
        m.put("plans", plans);
        m.put("index_scans", r.indexScans());
        m.put("baseline_sizes", r.baselineSizes().values());
        m.put("candidate_sizes", r.candidateSizes().values());
        m.put("connection_health", r.health());
        m.put("slow_statements", Map.of("source", r.slowSource(), "statements", r.slow()));
        m.put("findings", r.findings());
        m.put("millis", r.millis());
        return m;
    }

    static String markdown(PerformanceResult r, PerformanceCheck.Options o) {
        StringBuilder md = new StringBuilder("# CE-26: query performance against the pre-migration baseline\n\n");
        md.append("**Verdict: ").append(r.worst()).append("**")
                .append(r.interleaved() ? "" : " (**not interleaved**: the baseline is a stored result, host drift is not controlled)").append("\n\n");
        md.append(String.format(Locale.ROOT, "Suite `%s`: %d queries, %s of one JMH fork per query%s; in each fork each arm warms up %d x %d ms "
                        + "and measures %d x %d ms (AverageTime). r = %s, 95%% bootstrap interval%s. PASS when the "
                        + "interval is under %.2f, FAIL over it, ROLLBACK at r >= %.2f; no verdict when the control query moved over %.0f%% or the "
                        + "samples spread over %.0f%%.%n%n", r.suite().file() == null ? "-" : r.suite().file().getFileName(), r.suite().queries().size(),
                r.roundsText(), r.interleaved() ? ", each fork timing both arms by turns (iterations ABAB... in odd rounds, BABA... in even)"
                        : " on the candidate alone", o.settings().warmups(), o.settings().warmupMillis(),
                o.settings().measurements(), o.settings().measurementMillis(), r.interleaved() ? "the median of the rounds' candidate/baseline "
                        + "ratios (each ratio from one fork)" : "median(candidate) / median(baseline)",
                r.interleaved() ? " with rounds resampled whole" : "",
                o.thresholds().pass(), o.thresholds().rollback(), o.thresholds().drift() * 100, o.thresholds().spread() * 100));
        if (r.suite().role() != null || !r.suite().settings().isEmpty()) {
            md.append("Every query ran and was planned ").append(r.suite().role() == null ? "as the login user" : "as role `" + r.suite().role() + "`")
                    .append(r.suite().settings().isEmpty() ? "" : " with " + String.join(", ", r.suite().settings().keySet().stream().map(k -> "`" + k
                            + " = " + r.params().get(dev.stagegate.benchmark.suite.QuerySuite.settingKey(k)) + "`").toList()))
                    .append(" (the suite's `-- role:` / `-- setting:`).\n\n");
        }
        if (r.pinning() != null) {
            md.append("Forks: ").append(r.pinning()).append(r.pinned() ? " (the scheduler's placement of a backend does not time the query)"
                    : " (**the scheduler's placement of each backend is timed too**: expect wide intervals)").append(".\n\n");
        }
        md.append("![before and after per query](ce26_performance_chart.svg)\n\n");
        md.append("| query | baseline ms (median) | candidate ms (median) | r | 95% CI | limit | verdict |\n|---|---:|---:|---:|---|---:|---|\n");
        for (SuiteQuery q : r.suite().queries()) {
            QueryVerdict v = r.verdicts().get(q.id());
            if (v == null) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s%s | %.3f | %.3f | %.3f | %.3f-%.3f | %s | %s |%n", q.id(), q.control() ? " (control)" : "",
                    median(r.baselineMs().get(q.id())), median(r.candidateMs().get(q.id())), v.ratio(), v.low(), v.high(),
                    q.max() == null ? "" : (q.max().toNanos() / 1e6) + " ms", v.outcome()));
        }
        md.append("\n## Plans (as the benchmark runs them: prepared, after six executions)\n\n");
        for (SuiteQuery q : r.suite().queries()) {
            QueryPlan b = r.baselinePlans().get(q.id());
            QueryPlan c = r.candidatePlans().get(q.id());
            String sb = b == null ? "-" : PlanChanges.shape(b);
            String sc = c == null ? "-" : PlanChanges.shape(c);
            md.append("- **").append(q.id()).append("**").append(sb.equals(sc) ? " (unchanged): `" + sb + "`\n"
                    : " changed:\n  - baseline: `" + sb + "`\n  - candidate: `" + sc + "`\n");
        }
        md.append("\n## Index usage while the suite ran on the candidate\n\n| index | table | scans |\n|---|---|---:|\n");
        r.indexScans().entrySet().stream().filter(e -> e.getValue() > 0).forEach(e -> md.append("| ").append(e.getKey()).append(" | ")
                .append(r.indexTables().get(e.getKey())).append(" | ").append(e.getValue()).append(" |\n"));
        long unused = r.indexScans().values().stream().filter(x -> x == 0).count();
        md.append("\n").append(unused).append(" index(es) got no scan (BENCH_INDEX_UNUSED lists those of the tables the suite reads).\n");
        md.append("\n## Connection health (candidate's server, after the benchmark)\n\n");
        md.append("Sessions by state: ").append(r.health().byState().isEmpty() ? "none besides stagegate's" : r.health().byState()).append("; idle in "
                + "transaction: ").append(r.health().idleInTransaction()).append("; sessions the benchmark left open: ").append(r.health().leftovers()).append(".\n");
        md.append("\n## Slow statements (over 1 s)\n\nFrom ").append(r.slowSource()).append(": ")
                .append(r.slow().isEmpty() ? "none.\n" : "\n\n- " + String.join("\n- ", r.slow()) + "\n");
        md.append("\n## Table and index sizes\n\n| relation | kind | rows | baseline bytes | candidate bytes |\n|---|---|---:|---:|---:|\n");
        TreeSet<String> names = new TreeSet<>(r.baselineSizes().keySet());
        names.addAll(r.candidateSizes().keySet());
        for (String n : names) {
            RelationSizes.Size b = r.baselineSizes().get(n);
            RelationSizes.Size c = r.candidateSizes().get(n);
            RelationSizes.Size any = c != null ? c : b;
            md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %s |%n", n, any.kind(), any.rows(), b == null ? "(none)"
                    : String.format(Locale.ROOT, "%,d", b.totalBytes()), c == null ? "(none)" : String.format(Locale.ROOT, "%,d", c.totalBytes())));
        }
        md.append("\n## Findings\n\n");
        if (r.findings().isEmpty()) {
            md.append("None.\n");
        }
        for (Finding f : r.findings()) {
            md.append("- ").append(f.severity()).append(" ").append(f.code()).append(" ").append(f.object()).append(": ").append(f.message()).append("\n");
        }
        return md.toString();
    }

    static double median(double[] xs) {
        return xs == null || xs.length == 0 ? Double.NaN : dev.stagegate.benchmark.verdict.Comparison.median(xs);
    }
}
