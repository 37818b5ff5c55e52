package dev.stagegate.core.result;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The immutable result of one gate step (env check, snapshot, migrate, verify RLS...): the one result
 * model every module returns and every report renders. A gate failing is a result, not an exception.
 *
 * @param summary  one line for people: what ran and what it found (reproducible: no timings)
 * @param metrics  named numbers and short values for reports (insertion order kept)
 * @param evidence files the step wrote into the run's evidence folder
 */
public record StepResult(String step, StepStatus status, String summary, List<Finding> findings, Map<String, Object> metrics,
                         List<Path> evidence, Duration duration) {

    public StepResult {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(status, "status");
        summary = summary == null ? "" : summary;
        findings = List.copyOf(findings);
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        evidence = List.copyOf(evidence);
        Objects.requireNonNull(duration, "duration");
    }

    /** Derives the status from the findings: any failing finding fails the step. */
    public static StepResult of(String step, List<Finding> findings, Map<String, Object> metrics,
                                List<Path> evidence, Duration duration) {
        return new StepResult(step, statusOf(findings), describe(findings), findings, metrics, evidence, duration);
    }

    /** A step that did not run, or could not show what it covers; never a pass. */
    public static StepResult notRun(String step, StepStatus status, String why) {
        if (status.passed() || status == StepStatus.FAILED) {
            throw new IllegalArgumentException(status + " is not a not-run status");
        }
        return new StepResult(step, status, why, List.of(), Map.of(), List.of(), Duration.ZERO);
    }

    public static StepStatus statusOf(List<Finding> findings) {
        if (findings.stream().anyMatch(Finding::fails)) {
            return StepStatus.FAILED;
        }
        boolean warned = findings.stream().anyMatch(f -> !f.suppressed() && f.severity() == Severity.WARNING);
        return warned ? StepStatus.WARNED : StepStatus.PASSED;
    }

    /** "2 failing, 3 warning(s), 1 suppressed" or "no findings". */
    public static String describe(List<Finding> findings) {
        long failing = findings.stream().filter(Finding::fails).count();
        long warnings = findings.stream().filter(f -> !f.suppressed() && f.severity() == Severity.WARNING).count();
        long info = findings.stream().filter(f -> !f.suppressed() && f.severity() == Severity.INFO).count();
        long suppressed = findings.stream().filter(Finding::suppressed).count();
        if (findings.isEmpty()) {
            return "no findings";
        }
        return failing + " failing, " + warnings + " warning(s), " + info + " info, " + suppressed + " suppressed";
    }

    public StepResult withSummary(String newSummary) {
        return new StepResult(step, status, newSummary, findings, metrics, evidence, duration);
    }

    public StepResult withStatus(StepStatus newStatus) {
        return new StepResult(step, newStatus, summary, findings, metrics, evidence, duration);
    }

    public StepResult withDuration(Duration newDuration) {
        return new StepResult(step, status, summary, findings, metrics, evidence, newDuration);
    }

    public StepResult withEvidence(List<Path> files) {
        return new StepResult(step, status, summary, findings, metrics, files, duration);
    }

    public boolean passed() {
        return status.passed();
    }

    public List<Finding> failing() {
        return findings.stream().filter(Finding::fails).toList();
    }

    /** The console's line: {@code [PASS] verify: 5 families, 0 failing}. */
    public String line() {
        return "[" + status.tag() + "] " + step + ": " + summary;
    }
}
