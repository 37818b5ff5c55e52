package dev.stagegate.reporting.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.Json;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.reporting.verdict.Verdict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        // the whole findings, so every report is made from this file and nothing else
        m.put("findings", r.findings());
        m.put("evidence", r.evidence().stream().map(p -> p.isAbsolute() && p.startsWith(folder) ? folder.relativize(p) : p)
                .map(p -> p.toString().replace('\\', '/')).toList());
        return m;
    }

    public static GateReport read(Path folder) {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, folder + " holds no " + FILE + ": give the folder of a gate run "
                    + "(stagegate run prints it first; they are under evidence/ by default)");
        }
        JsonNode r = tree(file);
        if (!SCHEMA.equals(r.path("schema").asText())) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, file + " is " + (r.has("schema") ? "schema " + r.get("schema").asText()
                    : "from an older stagegate (no schema field)") + ", not " + SCHEMA + ": run the gate again with this version");
        }
        JsonNode timings = Files.isRegularFile(folder.resolve(TIMINGS)) ? tree(folder.resolve(TIMINGS)) : Json.mapper().createObjectNode();
        List<StepRecord> steps = new ArrayList<>();
        JsonNode ms = timings.path(STEPS_MS);
        int i = 0;
        for (JsonNode s : r.path("steps")) {
            List<Finding> findings = new ArrayList<>();
            for (JsonNode f : s.path("findings")) {
                findings.add(Json.mapper().convertValue(f, Finding.class));
            }
            List<String> evidence = new ArrayList<>();
            s.path("evidence").forEach(e -> evidence.add(e.asText()));
            @SuppressWarnings("unchecked")
            Map<String, Object> metrics = Json.mapper().convertValue(s.path("metrics"), LinkedHashMap.class);
            steps.add(new StepRecord(s.path("step").asText(), StepStatus.valueOf(s.path("status").asText()), s.path("summary").asText(),
                    findings, metrics == null ? Map.of() : metrics, evidence, ms.has(i) ? ms.get(i).asLong() : -1));
            i++;
        }
        List<ConditionRecord> conditions = new ArrayList<>();
        for (JsonNode c : r.path("conditions")) {
            conditions.add(new ConditionRecord(c.path("id").asText(), c.path("meaning").asText(), c.path("state").asText(),
                    text(c.get("step_status")), text(c.get("why"))));
        }
        JsonNode error = r.get("error");
        return new GateReport(folder, folder.getFileName().toString(), r.path("verdict").asText(), r.path("exit_code").asInt(),
                (int) steps.stream().filter(s -> s.status().passed()).count(), steps.size(), strings(r.path("not_shown")), list(r.path("not_tested_in_full")),
                list(r.path("rollback_triggers")), strings(r.path("waived")), conditions, steps, prefixed(timings, "migrate "),
                prefixed(timings, "rehearse "), measured(timings), benchmark(folder.resolve(BENCHMARK)),
                error == null ? null : error.path("code").asText() + ": " + error.path("message").asText());
    }

    private static Optional<BenchmarkRecord> benchmark(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode b = tree(file);
        List<QueryRecord> queries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = b.path("verdicts").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            queries.add(new QueryRecord(e.getKey(), v.path("outcome").asText(), number(v.get("ratio")), number(v.get("low")),
                    number(v.get("high")), median(b.path("baseline_ms").path(e.getKey())), median(b.path("candidate_ms").path(e.getKey())),
                    v.path("why").asText()));
        }
        Map<String, Long> scans = new LinkedHashMap<>();
        b.path("index_scans").fields().forEachRemaining(e -> scans.put(e.getKey(), e.getValue().asLong()));
        JsonNode health = b.path("connection_health");
        return Optional.of(new BenchmarkRecord(b.path("verdict").asText(), b.path("interleaved").asBoolean(),
                b.path("thresholds").path("pass").asDouble(1.10), b.path("thresholds").path("rollback").asDouble(1.30), queries, scans,
                health.has("leftovers") ? health.get("leftovers").asInt() : -1, health.path("idleInTransaction").asInt()));
    }

    private static double number(JsonNode n) {
        return n == null || !n.isNumber() ? Double.NaN : n.asDouble();
    }

    /** The median of a list of fork scores; NaN for none. */
    static double median(JsonNode scores) {
        List<Double> v = new ArrayList<>();
        scores.forEach(s -> v.add(s.asDouble()));
        if (v.isEmpty()) {
            return Double.NaN;
        }
        v.sort(Double::compare);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private static final java.util.Set<String> NOT_VERSIONS = java.util.Set.of("copy", "estimated", "dump", "restore");

    private static Map<String, Long> prefixed(JsonNode timings, String prefix) {
        Map<String, Long> m = new LinkedHashMap<>();
        timings.fields().forEachRemaining(e -> {
            String rest = e.getKey().startsWith(prefix) ? e.getKey().substring(prefix.length()) : "";
            // the rehearsal also times its copy and the sum ("rehearse copy", "rehearse estimated") and its rollbacks
            if (!rest.isEmpty() && e.getValue().isNumber() && !rest.startsWith("rollback ") && !NOT_VERSIONS.contains(rest)) {
                m.put(e.getKey().substring(prefix.length()), e.getValue().asLong());
            }
        });
        return m;
    }

    private static Map<String, Object> measured(JsonNode timings) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = Json.mapper().convertValue(timings.path(MEASURED), LinkedHashMap.class);
        return m == null ? Map.of() : m;
    }

    private static Map<String, String> strings(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        o.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static List<String> list(JsonNode a) {
        List<String> l = new ArrayList<>();
        a.forEach(x -> l.add(x.asText()));
        return l;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static JsonNode tree(Path file) {
        try {
            return Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, file + " is not readable JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "): was the run interrupted while writing it? run the gate again");
        }
    }
}
