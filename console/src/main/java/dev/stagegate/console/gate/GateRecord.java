package dev.stagegate.console.gate;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.migration.env.EnvironmentCheck;
import dev.stagegate.reporting.model.GateResults;
import dev.stagegate.reporting.verdict.GateCondition;
import dev.stagegate.reporting.verdict.Verdict;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a gate run has shown so far: its steps (each printed as it is recorded), their timings, the
 * {@link GateCondition}s the steps showed, the waivers, and the two files that record the run
 * ({@code gate_results.json}, reproducible; {@code gate_timings.json}, not). The verdict is computed
 * from here and nowhere else.
 */
final class GateRecord {

    private final PrintWriter out;
    private final List<StepResult> steps = new ArrayList<>();
    private final Map<String, Long> timings = new LinkedHashMap<>();
    private final Map<GateCondition, StepStatus> shown = new EnumMap<>(GateCondition.class);
    private final Map<GateCondition, String> waivers = new EnumMap<>(GateCondition.class);

    GateRecord(PrintWriter out) {
        this.out = out;
    }

    /** Adds a step with its duration, prints its line and the findings that decide (failing first, at most 10). */
    StepResult record(StepResult given, long startNanos) {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        // a metric in milliseconds is a timing: in gate_timings.json, so gate_results.json replays identically
        Map<String, Object> kept = new LinkedHashMap<>();
        given.metrics().forEach((k, v) -> {
            if (k.endsWith("_ms") && v instanceof Number n) {
                timings.put(given.step() + " " + k.substring(0, k.length() - 3), n.longValue());
            } else {
                kept.put(k, v);
            }
        });
        StepResult r = new StepResult(given.step(), given.status(), given.summary(), given.findings(), kept, given.evidence(), given.duration());
        StepResult timed = r.withDuration(Duration.ofMillis(millis));
        steps.add(timed);
        timings.merge(r.step(), millis, Long::sum);
        out.println(timed.line());
        List<Finding> decisive = java.util.stream.Stream.concat(r.findings().stream().filter(Finding::fails),
                r.findings().stream().filter(f -> !f.suppressed() && f.severity() == Severity.WARNING)).toList();
        decisive.stream().limit(10).forEach(f -> out.println("       " + f.severity() + " " + f.id() + ": " + f.message()));
        if (decisive.size() > 10) {
            out.println("       ... " + (decisive.size() - 10) + " more in the evidence folder");
        }
        return timed;
    }

    /**
     * Progress for a long step that cannot count its units: what it is doing, the time so far, and an estimate when this run
     * already timed the same work ({@code estimateKey} in the timings, e.g. the pre-migration backup for the post-migration one).
     */
    dev.stagegate.core.progress.Heartbeat beat(String what, String estimateKey, String basis) {
        long estimate = estimateKey == null ? -1 : timings.getOrDefault(estimateKey, -1L);
        dev.stagegate.core.progress.Progress.Sink sink = out instanceof dev.stagegate.core.progress.ProgressWriter pw ? pw.sink()
                : dev.stagegate.core.progress.Progress.silent();
        return dev.stagegate.core.progress.Heartbeat.start(what, estimate, basis, sink);
    }

    void time(String key, long millis) {
        timings.put(key, millis);
    }

    void show(GateCondition c, StepStatus status) {
        shown.put(c, status);
    }

    void unshow(GateCondition c) {
        shown.remove(c);
    }

    private String benchedAt;
    private String migratedTo;

    /** The version a passing bench measured the candidate at: the performance condition holds for it only. */
    void benchedAt(String version) {
        benchedAt = version;
    }

    /** The version the gate's last successful migrate reached. */
    void migratedTo(String version) {
        migratedTo = version;
    }

    /** {@code waive 'performance', reason: '...'}: a reason is required, and the condition must exist. */
    void waive(String condition, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new StagegateException(ErrorCode.USAGE, "waive '" + condition + "' needs a reason: waive '" + condition + "', reason: 'why'");
        }
        try {
            waivers.put(GateCondition.byId(condition), reason.trim());
        } catch (IllegalArgumentException e) {
            throw new StagegateException(ErrorCode.USAGE, "waive: " + e.getMessage());
        }
        out.println("[INFO] waived " + condition + ": " + reason.trim());
    }

    /** @param schemaChanged null, or why verify's conditions no longer hold (the schema changed after it) */
    Verdict verdict(String schemaChanged) {
        Map<GateCondition, StepStatus> now = new EnumMap<>(GateCondition.class);
        now.putAll(shown);
        Map<GateCondition, String> why = new EnumMap<>(GateCondition.class);
        if (schemaChanged != null) {
            // verify proved RLS, keys and smoke inserts on one schema; a later migrate or DDL voids that proof
            for (GateCondition c : List.of(GateCondition.RLS, GateCondition.FOREIGN_KEYS, GateCondition.SMOKE)) {
                if (now.remove(c) != null) {
                    why.put(c, schemaChanged);
                }
            }
        }
        if (now.containsKey(GateCondition.PERFORMANCE) && now.get(GateCondition.PERFORMANCE).passed() && benchedAt != null && migratedTo != null && !benchedAt.equals(migratedTo)) {
            // bench timed the queries on a copy migrated to one version; the target went to another
            now.remove(GateCondition.PERFORMANCE);
            why.put(GateCondition.PERFORMANCE, "bench measured the queries at " + benchedAt + ", but migrate went to " + migratedTo
                    + ": run bench to: '" + migratedTo + "' before migrate");
        }
        return Verdict.of(steps, now, waivers, why);
    }

    List<StepResult> steps() {
        return List.copyOf(steps);
    }

    /** Durations of earlier migrations in this run, by version, for validate's execution plan. */
    Map<String, Duration> migrationTimings() {
        Map<String, Duration> byVersion = new LinkedHashMap<>();
        timings.forEach((k, v) -> {
            if (k.startsWith("migrate ")) {
                byVersion.put(k.substring("migrate ".length()), Duration.ofMillis(v));
            }
        });
        return byVersion;
    }

    void write(EvidenceRun evidence, Verdict v) {
        GateResults.write(evidence, v, steps, timings, k -> k.startsWith(EnvironmentCheck.MEASURED));
    }

    /** A run stopped by an error still leaves its record: the steps so far, no verdict, the error. */
    void writeStopped(EvidenceRun evidence, String code, String message, int exitCode) {
        GateResults.writeStopped(evidence, code, message, exitCode, steps, timings, k -> k.startsWith(EnvironmentCheck.MEASURED));
    }

    /** The CE-28 documents, from the results just written (modules/reporting); a failure here never changes the verdict. */
    void writeReports(EvidenceRun evidence) {
        try {
            List<java.nio.file.Path> files = dev.stagegate.reporting.Reports.write(evidence.folder(), 0, evidence::write);
            out.println("[INFO] readiness report, go/no-go checklist, task tracker, junit.xml, CSV and manifest-sha256.txt: "
                    + files.size() + " files (" + dev.stagegate.reporting.write.ReadinessReport.FILE + ")");
        } catch (RuntimeException | LinkageError e) {
            // a broken document never changes the verdict or hides it: the line below says what is missing, the verdict follows
            out.println("[WARN] the reports are not complete: " + dev.stagegate.core.target.Secrets.mask(String.valueOf(e.getMessage()))
                    + " (stagegate report " + evidence.folder() + " tries again)");
        }
    }
}
