package dev.stagegate.reporting.model;

import java.util.Map;

/** Reading the figures a run's results hold, once for every document and trigger. */
public final class Tally {

    private Tally() {
    }

    /** A {@code Count} as the results file holds it ({"passed": n, "total": m}) as {n, m}, or null when the value is not one. */
    public static long[] count(Object value) {
        if (value instanceof Map<?, ?> m && m.get("passed") instanceof Number p && m.get("total") instanceof Number t) {
            return new long[] {p.longValue(), t.longValue()};
        }
        return null;
    }

    /** A threshold factor as people say it: 1.10 is "10%". */
    public static String percent(double factor) {
        return Math.round((factor - 1) * 100) + "%";
    }
}
