package dev.stagegate.console.gate;

import java.util.List;
import java.util.Map;

/**
 * One gate step as the run's results remember it. {@code metrics} hold only what is
 * reproducible (counts, versions, codes), so a replay of the same script can be compared with
 * the recording; timings live in {@code gate_timings.json}.
 */
public record StepRecord(String step, String status, String summary, List<String> failing, Map<String, Object> metrics) {

    public StepRecord {
        failing = List.copyOf(failing);
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    }

    public boolean passed() {
        return !"FAILED".equals(status) && !"ERROR".equals(status);
    }

    public String line() {
        return "[" + (passed() ? ("SKIPPED".equals(status) ? "SKIP" : "PASS") : "FAIL") + "] " + step + ": " + summary;
    }
}
