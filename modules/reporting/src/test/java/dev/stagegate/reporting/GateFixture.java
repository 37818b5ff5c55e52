package dev.stagegate.reporting;

import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.reporting.model.GateResults;
import dev.stagegate.reporting.verdict.GateCondition;
import dev.stagegate.reporting.verdict.Verdict;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A gate run folder built the way the console writes one (GateResults.write), from steps a test states. */
public final class GateFixture {

    private final Path root;
    private final List<StepResult> steps = new ArrayList<>();
    private final Map<GateCondition, StepStatus> shown = new EnumMap<>(GateCondition.class);
    private final Map<GateCondition, String> waivers = new EnumMap<>(GateCondition.class);
    private final Map<String, Long> timings = new LinkedHashMap<>();
    private final Map<String, String> files = new LinkedHashMap<>();

    public GateFixture(Path root) {
        this.root = root;
    }

    public GateFixture step(String name, List<Finding> findings, Map<String, Object> metrics, long millis) {
        StepResult r = StepResult.of(name, findings, metrics, List.of(), Duration.ofMillis(millis)).withSummary(name + " summary");
        steps.add(r);
        timings.merge(name, millis, Long::sum);
        return this;
    }

    public GateFixture step(String name, List<Finding> findings, Map<String, ?> metrics) {
        return step(name, findings, new LinkedHashMap<>(metrics), 100);
    }

    public GateFixture step(StepResult r) {
        steps.add(r);
        return this;
    }

    public GateFixture show(GateCondition c, StepStatus s) {
        shown.put(c, s);
        return this;
    }

    public GateFixture showAll() {
        for (GateCondition c : GateCondition.values()) {
            shown.put(c, StepStatus.PASSED);
        }
        return this;
    }

    public GateFixture timing(String key, long millis) {
        timings.put(key, millis);
        return this;
    }

    public GateFixture file(String name, String content) {
        files.put(name, content);
        return this;
    }

    public Verdict verdict() {
        return Verdict.of(steps, shown, waivers);
    }

    public Path write() {
        EvidenceRun run = EvidenceRun.open(root, "20261202-101500-ab12");
        files.forEach(run::write);
        GateResults.write(run, verdict(), steps, timings, k -> k.startsWith("measured."));
        return run.folder();
    }

    /** Writes a file of the run folder (creating its folders), as the run's evidence writer does. */
    public static java.util.function.BiFunction<String, String, Path> sink(Path folder) {
        return (name, content) -> {
            try {
                Path file = folder.resolve(name);
                java.nio.file.Files.createDirectories(file.getParent());
                return java.nio.file.Files.writeString(file, content);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    public static Finding finding(String code, Severity s, String object, String message) {
        return new Finding(code, s, object, message, List.of("proof of " + code), null);
    }

    public static Map<String, Object> count(long passed, long total) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("passed", passed);
        m.put("total", total);
        return m;
    }

    /** verify's tally for n tenant tables, k of them leaking, nothing wrong in the data. */
    public static Map<String, Object> verifyTally(long tables, long leaking) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tenant_tables", tables);
        m.put("rls_enabled", count(tables, tables));
        m.put("tables_probed", count(tables, tables));
        m.put("tables_isolated", count(tables - leaking, tables));
        m.put("tables_leaking", count(leaking, tables));
        m.put("fk_count", 12L);
        m.put("orphans", 0L);
        m.put("null_tenant_keys", 0L);
        m.put("future_timestamps", 0L);
        m.put("cross_tenant_links", 0L);
        m.put("smoke_inserts", count(tables, tables));
        return m;
    }

    /** A ce26_benchmark_results.json with these queries' outcome and ratio. */
    public static String benchmark(Object[]... queries) {
        StringBuilder v = new StringBuilder();
        StringBuilder base = new StringBuilder();
        StringBuilder cand = new StringBuilder();
        for (Object[] q : queries) {
            String id = (String) q[0];
            double r = (double) q[2];
            if (v.length() > 0) {
                v.append(',');
                base.append(',');
                cand.append(',');
            }
            v.append('"').append(id).append("\":{\"id\":\"").append(id).append("\",\"outcome\":\"").append(q[1]).append("\",\"ratio\":").append(r)
                    .append(",\"low\":").append(r * 0.95).append(",\"high\":").append(r * 1.05).append(",\"why\":\"because ").append(id).append("\"}");
            base.append('"').append(id).append("\":[0.10,0.11,0.12]");
            cand.append('"').append(id).append("\":[").append(0.10 * r).append(',').append(0.11 * r).append(',').append(0.12 * r).append(']');
        }
        return "{\"interleaved\":true,\"verdict\":\"FAIL\",\"thresholds\":{\"pass\":1.1,\"rollback\":1.3},\"verdicts\":{" + v + "},\"baseline_ms\":{"
                + base + "},\"candidate_ms\":{" + cand + "},\"index_scans\":{\"public.idx_a\":10,\"public.idx_b\":0},"
                + "\"connection_health\":{\"leftovers\":0,\"idleInTransaction\":0}}";
    }
}
