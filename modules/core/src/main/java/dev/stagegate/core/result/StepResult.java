package dev.stagegate.core.result;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The immutable result of one gate step (env check, snapshot, migrate, verify RLS...).
 * A gate failing is a result, not an exception.
 *
 * @param metrics  named numbers and short values for reports (insertion order kept)
 * @param evidence files the step wrote into the run's evidence folder
 */
public record StepResult(String step, StepStatus status, List<Finding> findings, Map<String, Object> metrics,
                         List<Path> evidence, Duration duration) {

    public StepResult {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(status, "status");
        findings = List.copyOf(findings);
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        evidence = List.copyOf(evidence);
        Objects.requireNonNull(duration, "duration");
    }

    /** Derives the status from the findings: any failing finding fails the step. */
    public static StepResult of(String step, List<Finding> findings, Map<String, Object> metrics,
                                List<Path> evidence, Duration duration) {
        return new StepResult(step, statusOf(findings), findings, metrics, evidence, duration);
    }

    public static StepStatus statusOf(List<Finding> findings) {
        if (findings.stream().anyMatch(Finding::fails)) {
            return StepStatus.FAILED;
        }
        boolean warned = findings.stream().anyMatch(f -> !f.suppressed() && f.severity() == Severity.WARNING);
        return warned ? StepStatus.WARNED : StepStatus.PASSED;
    }

    public boolean passed() {
        return status == StepStatus.PASSED || status == StepStatus.WARNED;
    }

    public List<Finding> failing() {
        return findings.stream().filter(Finding::fails).toList();
    }
}
