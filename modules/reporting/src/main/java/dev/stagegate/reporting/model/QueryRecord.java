package dev.stagegate.reporting.model;

/**
 * One suite query's verdict from {@code ce26_benchmark_results.json}.
 *
 * @param outcome  PASS, PASS_WARN, FAIL, FAIL_SOFT, ROLLBACK, BROKEN or NO_VERDICT (the benchmark's own words)
 * @param ratio    r = median(candidate) / median(baseline); NaN when there is none
 * @param low      the 95% interval's lower bound (NaN when none)
 * @param baselineMs  the median of the baseline forks' scores, milliseconds per query (NaN when no fork ran)
 */
public record QueryRecord(String id, String outcome, double ratio, double low, double high, double baselineMs, double candidateMs,
                          String why) {

    /** Did the benchmark decide anything for this query (a verdict, good or bad)? */
    public boolean decided() {
        return !"NO_VERDICT".equals(outcome);
    }

    public boolean failed() {
        return outcome.startsWith("FAIL") || "ROLLBACK".equals(outcome) || "BROKEN".equals(outcome);
    }
}
