package dev.stagegate.reporting.model;

import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.reporting.verdict.Verdict;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads a run folder back into a {@link GateReport}: {@code gate_results.json} (schema
 * {@value #SCHEMA}, see docs/reporting.md), {@code gate_timings.json} and, when a bench step ran,
 * {@code ce26_benchmark_results.json}. {@code stagegate run} and {@code stagegate report DIR} both go
 * through here, so a report regenerated later is the report the run wrote.
 */
public final class GateResults {

    public static final String FILE = "gate_results.json";
    public static final String TIMINGS = "gate_timings.json";
    public static final String BENCHMARK = "ce26_benchmark_results.json";
    /** Version 2 added each step's findings and evidence, and the conditions; version 1 (no "schema" field) had failing ids only. */
    public static final String SCHEMA = "stagegate.gate-results/2";
    /** In gate_timings.json: each step's milliseconds, in the order of the steps. */
    public static final String STEPS_MS = "steps_ms";
    /** In gate_timings.json: figures that move between runs (database_bytes, disk_free_bytes...), by name. */
    public static final String MEASURED = "measured";

    private GateResults() {
    }

    /**
     * Writes {@code gate_results.json} (reproducible: a replay of the same script writes the same file) and
     * {@code gate_timings.json} (durations and measured figures, which move between runs).
     *
     * @param measured which metric keys are measured figures (sizes, free disk): kept out of the results, in the timings
     */
    public static void write(EvidenceRun evidence, Verdict v, List<StepResult> steps, Map<String, Long> timings, Predicate<String> measured) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("schema", SCHEMA);
        results.putAll(v.toMap());
        results.put("steps", steps.stream().map(r -> reproducible(r, evidence.folder(), measured)).toList());
        evidence.writeJson(FILE, results);
        evidence.writeJson(TIMINGS, timings(steps, timings, measured));
    }

    /** A run stopped by an error still leaves its record: the steps so far, verdict NONE, the error. */
    public static void writeStopped(EvidenceRun evidence, String code, String message, int exitCode, List<StepResult> steps,
                                    Map<String, Long> timings, Predicate<String> measured) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("schema", SCHEMA);
        results.put("verdict", "NONE");
        results.put("exit_code", exitCode);
        results.put("error", Map.of("code", code, "message", message));
        results.put("steps", steps.stream().map(r -> reproducible(r, evidence.folder(), measured)).toList());
        evidence.writeJson(FILE, results);
        evidence.writeJson(TIMINGS, timings(steps, timings, measured));
    }

    /** The timings by key, {@code steps_ms} (each step's duration in order: a name may repeat) and the measured figures. */
    private static Map<String, Object> timings(List<StepResult> steps, Map<String, Long> timings, Predicate<String> measuredKey) {
        Map<String, Object> all = new LinkedHashMap<>(timings);
        all.put(STEPS_MS, steps.stream().map(s -> s.duration().toMillis()).toList());
        Map<String, Object> measured = new LinkedHashMap<>();
        steps.forEach(s -> s.metrics().forEach((k, v) -> {
            if (measuredKey.test(k)) {
                measured.put(k.substring(k.indexOf('.') + 1), v);
            }
        }));
        all.put(MEASURED, measured);
        return all;
    }

    /** A step without its timing and measured figures, so a replay of the same script writes the same results. */
    private static Map<String, Object> reproducible(StepResult r, Path folder, Predicate<String> measured) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("step", r.step());
        m.put("status", r.status().name());
        m.put("summary", r.summary());
        m.put("failing", r.failing().stream().map(Finding::id).toList());
        Map<String, Object> metrics = new LinkedHashMap<>(r.metrics());
        metrics.keySet().removeIf(measured);
        m.put("metrics", metrics);
        // the whole findings, so every report is made from this file and nothing else; their proof (rows the probes made up,
        // with fresh ids each run) stays in the step's own evidence (verification.json, lint_findings.json), so a replay matches
        m.put("findings", r.findings().stream().map(f -> new Finding(f.code(), f.severity(), f.object(), f.message(), List.of(), f.suppression())).toList());
        m.put("evidence", r.evidence().stream().map(p -> p.isAbsolute() && p.startsWith(folder) ? folder.relativize(p) : p)
                .map(p -> p.toString().replace('\\', '/')).toList());
        return m;
    }

    /** The run folder read back; a file that is not what a run writes is one line, exit 2 (RunFolderReader). */
    public static GateReport read(Path folder) {
        return RunFolderReader.read(folder);
    }

}
