package dev.stagegate.reporting.model;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.result.StepStatus;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a gate as its run folder recorded it ({@code gate_results.json}, its time from
 * {@code gate_timings.json}).
 *
 * @param evidence the files the step wrote, relative to the run folder
 * @param millis   how long it took, or -1 when the timings file does not say
 */
public record StepRecord(String step, StepStatus status, String summary, List<Finding> findings, Map<String, Object> metrics,
                         List<String> evidence, long millis) {

    public StepRecord {
        findings = List.copyOf(findings);
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        evidence = List.copyOf(evidence);
    }

    public List<Finding> failing() {
        return findings.stream().filter(Finding::fails).toList();
    }

    public List<Finding> warnings() {
        return findings.stream().filter(f -> !f.suppressed() && f.severity() == Severity.WARNING).toList();
    }

    public List<Finding> accepted() {
        return findings.stream().filter(Finding::suppressed).toList();
    }

    /** "[PASS] lint: ...", as the console printed it. */
    public String line() {
        return "[" + status.tag() + "] " + step + ": " + summary;
    }
}
