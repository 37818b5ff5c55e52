package dev.stagegate.reporting.verdict;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What GO needs, from the seeds' production approval: every migration applied, 100% of the RLS,
 * foreign-key and smoke checks passing, the performance gate passing, and a rollback tested on a
 * copy. A condition no step has shown keeps the verdict INCOMPLETE unless it is waived with a reason.
 */
public enum GateCondition {
    MIGRATIONS("every migration applied", "run migrate() to the latest version"),
    RLS("RLS coverage and isolation probes pass", "run verify() with the isolation probes"),
    FOREIGN_KEYS("foreign keys validated (catalog, orphans, ON DELETE)", "run verify()"),
    SMOKE("smoke inserts and data integrity pass", "run verify()"),
    PERFORMANCE("query performance against the pre-migration baseline", "run bench suite: 'queries.sql' before migrate (on copies of the target)"),
    ROLLBACK("a rollback cycle proven on a copy of the data", "run rollbackCycle to: 'V' (on a copy of the target)");

    private final String meaning;
    private final String howToShow;

    GateCondition(String meaning, String howToShow) {
        this.meaning = meaning;
        this.howToShow = howToShow;
    }

    /** The name scripts use: {@code waive 'performance', reason: '...'}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String meaning() {
        return meaning;
    }

    public String howToShow() {
        return howToShow;
    }

    public static GateCondition byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id().equals(id.trim().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown gate condition '" + id + "'; known: "
                        + Arrays.stream(values()).map(GateCondition::id).collect(Collectors.joining(", "))));
    }
}
