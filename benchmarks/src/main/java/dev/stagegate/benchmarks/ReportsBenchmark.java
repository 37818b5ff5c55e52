package dev.stagegate.benchmarks;

import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.reporting.Reports;
import dev.stagegate.reporting.model.GateReport;
import dev.stagegate.reporting.model.GateResults;
import dev.stagegate.reporting.verdict.GateCondition;
import dev.stagegate.reporting.verdict.Verdict;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Issue 13's target: every document of a gate of 60 tables and 500 findings written in under 1 s,
 * report.html under 500 KB. The reference, timed in the same run: reading the run folder back
 * ({@link GateResults#read}), which every document needs first. Files are written to a real folder.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReportsBenchmark {

    @Param("60")
    int tables;

    @Param("500")
    int findings;

    private Path folder;

    @Setup(Level.Trial)
    public void writeRun() throws IOException {
        Path root = Files.createTempDirectory("sg-reports-bench");
        EvidenceRun run = EvidenceRun.open(root, "20261202-101500-bench");
        folder = run.folder();
        List<StepResult> steps = new ArrayList<>();
        Map<String, Long> timings = new LinkedHashMap<>();
        String[] names = {"environment", "validate", "lint", "rehearse", "rollback cycle", "bench", "migrate", "verify", "expect"};
        Severity[] severities = {Severity.INFO, Severity.WARNING, Severity.WARNING, Severity.ERROR};
        for (int s = 0; s < names.length; s++) {
            List<Finding> list = new ArrayList<>();
            for (int i = s; i < findings; i += names.length) {
                Finding f = new Finding("CODE_" + (i % 40), severities[i % severities.length], "public.table_" + (i % tables) + " column_" + i,
                        "finding " + i + " on table_" + (i % tables) + ": a sentence of the length real messages have, naming what to do about it",
                        List.of("SELECT id FROM table_" + (i % tables) + " WHERE x IS NULL LIMIT 5", "3 rows"), null);
                list.add(i % 25 == 0 ? f.suppressedBecause("accepted: reviewed on 2026-12-01") : f);
            }
            Map<String, Object> metrics = new LinkedHashMap<>();
            if (names[s].equals("verify")) {
                metrics.put("tables_probed", Map.of("passed", (long) tables, "total", (long) tables));
                metrics.put("orphans", 0L);
            }
            steps.add(StepResult.of(names[s], list, metrics, List.of(), Duration.ofMillis(100L * (s + 1))));
            timings.put(names[s], 100L * (s + 1));
        }
        for (int v = 1; v <= 30; v++) {
            timings.put(String.format("migrate %03d", v), 10L * v);
            timings.put(String.format("rehearse %03d", v), 11L * v);
        }
        Map<GateCondition, StepStatus> shown = new EnumMap<>(GateCondition.class);
        for (GateCondition c : GateCondition.values()) {
            shown.put(c, StepStatus.FAILED);
        }
        GateResults.write(run, Verdict.of(steps, shown, Map.of()), steps, timings, k -> k.startsWith("measured."));
        StringBuilder verdicts = new StringBuilder();
        StringBuilder scores = new StringBuilder();
        for (int q = 0; q < 20; q++) {
            String sep = q == 0 ? "" : ",";
            verdicts.append(sep).append("\"q").append(q).append("\":{\"outcome\":\"PASS\",\"ratio\":1.01,\"low\":0.97,\"high\":1.05,\"why\":\"within\"}");
            scores.append(sep).append("\"q").append(q).append("\":[0.1,0.11,0.12,0.1,0.11,0.12]");
        }
        StringBuilder tableVerdicts = new StringBuilder();
        for (int t = 0; t < tables; t++) {
            tableVerdicts.append(t == 0 ? "" : ",").append("\"public.table_").append(t).append("\":\"ISOLATED\"");
        }
        run.write(GateResults.BENCHMARK, "{\"interleaved\":true,\"verdict\":\"PASS\",\"thresholds\":{\"pass\":1.1,\"rollback\":1.3},\"verdicts\":{" + verdicts
                + "},\"baseline_ms\":{" + scores + "},\"candidate_ms\":{" + scores + "},\"connection_health\":{\"leftovers\":0}}");
        run.write("verification.json", "{\"steps\":[{\"step\":\"isolation\",\"metrics\":{\"table_verdicts\":{" + tableVerdicts + "}}}]}");
    }

    @TearDown(Level.Trial)
    public void report() throws IOException {
        Path html = folder.resolve("report.html");
        if (Files.exists(html)) {
            // only the forks of writeEveryDocument write it
            System.out.printf("%nreport.html: %d bytes (%d KB) for %d tables and %d findings%n", Files.size(html), Files.size(html) / 1024, tables, findings);
        }
        try (Stream<Path> files = Files.walk(folder.getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The reference: the run folder read back into the model every document is made from. */
    @Benchmark
    public GateReport readBack() {
        return GateResults.read(folder);
    }

    /** Every CE-28 document, the evidence package and both manifests. */
    @Benchmark
    public List<Path> writeEveryDocument() {
        return Reports.write(folder, 120, (name, content) -> {
            try {
                Path file = folder.resolve(name);
                Files.createDirectories(file.getParent());
                return Files.writeString(file, content);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
