package dev.stagegate.benchmark.verdict;

/**
 * What the verdict calls slower. The seeds' numbers by default: under 10% slower passes, more than
 * 30% slower is a rollback trigger; a control query that moved more than 5% (its interval excluding 1),
 * or a query whose rounds' candidate/baseline ratios spread more than 25% around their median, gives
 * no verdict at all.
 *
 * @param pass       r = median(candidate)/median(baseline) that a query must stay under (1.10)
 * @param rollback   r at which a failing query is a rollback trigger (1.30)
 * @param drift      how far the control query's r may stray from 1 (0.05)
 * @param spread     the largest (q3 - q1) / median of the rounds' ratios (of either arm's forks, for a stored baseline) (0.25)
 */
public record Thresholds(double pass, double rollback, double drift, double spread) {

    public static Thresholds seeds() {
        return new Thresholds(1.10, 1.30, 0.05, 0.25);
    }
}
