package dev.stagegate.core.result;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Accepted findings, by stable id ({@code CODE:object}), each with the reason someone gave.
 * A finding whose id is listed keeps its place in the report, marked suppressed, and no longer
 * fails its step. An id may end in {@code *} to accept every object under a prefix.
 */
public final class Suppressions {

    private final Map<String, String> reasons = new LinkedHashMap<>();

    public static Suppressions none() {
        return new Suppressions();
    }

    public Suppressions accept(String findingId, String reason) {
        Objects.requireNonNull(findingId, "findingId");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a suppression of " + findingId + " needs a reason");
        }
        reasons.put(findingId, reason.trim());
        return this;
    }

    public List<Finding> apply(List<Finding> findings) {
        return findings.stream().map(f -> {
            String reason = reasonFor(f.id());
            return reason == null || f.suppressed() ? f : f.suppressedBecause(reason);
        }).toList();
    }

    private String reasonFor(String id) {
        String exact = reasons.get(id);
        if (exact != null) {
            return exact;
        }
        return reasons.entrySet().stream().filter(e -> e.getKey().endsWith("*") && id.startsWith(e.getKey().substring(0, e.getKey().length() - 1)))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    public Map<String, String> asMap() {
        return Map.copyOf(reasons);
    }
}
