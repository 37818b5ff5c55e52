package dev.stagegate.benchmark.verdict;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the verdict calls slower. The seeds' numbers by default (each can be given: {@link #of}): under
 * 10% slower passes, more than 30% slower is a rollback trigger; a control query that moved more than 5% (its interval excluding 1),
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

    /** The option names of the CLI, in the order {@link #of} takes the values. */
    public static final String[] CLI = {"--slower-fails", "--slower-rollback", "--control-drift", "--max-spread"};
    /** The same, as the gate language writes them. */
    public static final String[] DSL = {"slowerFails:", "slowerRollback:", "controlDrift:", "maxSpread:"};

    private static final Pattern PERCENT = Pattern.compile("(\\d{1,4}(?:\\.\\d{1,2})?)\\s*%?");

    /**
     * The thresholds as a user gives them: each a percentage ("15%" or "15"), null for the seeds' value.
     * A value that is no percentage, or a rollback threshold under the failing one, is refused in one line
     * naming the option as the user wrote it ({@code names}: {@link #CLI} or {@link #DSL}).
     */
    public static Thresholds of(String fails, String rollback, String drift, String spread, String[] names) {
        Thresholds d = seeds();
        double f = percent(fails, names[0], d.pass() - 1, 0.1, 1000);
        double r = percent(rollback, names[1], d.rollback() - 1, 0.1, 1000);
        double c = percent(drift, names[2], d.drift(), 0.1, 50);
        double s = percent(spread, names[3], d.spread(), 1, 200);
        if (r < f) {
            throw new StagegateException(ErrorCode.USAGE, names[1] + " " + (rollback == null ? "30% (the default)" : rollback.strip()) + " is under "
                    + names[0] + " " + (fails == null ? "10% (the default)" : fails.strip())
                    + ": a rollback trigger must be at least as slow as a failure (the seeds: 10% fails, 30% is a rollback trigger)");
        }
        // the seeds' own numbers where nothing was given (1 + (1.10 - 1) need not be 1.10 in binary)
        return new Thresholds(fails == null ? d.pass() : 1 + f, rollback == null ? d.rollback() : 1 + r, c, s);
    }

    private static double percent(String given, String name, double def, double min, double max) {
        if (given == null) {
            return def;
        }
        Matcher m = PERCENT.matcher(given.strip());
        double v = m.matches() ? Double.parseDouble(m.group(1)) : -1;
        if (v < min || v > max) {
            throw new StagegateException(ErrorCode.USAGE, String.format(Locale.ROOT, "%s %s is not a percentage from %s%% to %s%%; write e.g. %s",
                    name, given, trim(min), trim(max), percentText(def)));
        }
        return v / 100;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** "10%": how the pass threshold reads in a summary line. */
    public String passPercent() {
        return percentText(pass - 1);
    }

    /** "30%": the rollback threshold, likewise. */
    public String rollbackPercent() {
        return percentText(rollback - 1);
    }

    /** A fraction as a percentage to two decimals at most: 0.10000000000000009 reads "10%". */
    private static String percentText(double fraction) {
        return trim(Math.round(fraction * 10000) / 100.0) + "%";
    }
}
