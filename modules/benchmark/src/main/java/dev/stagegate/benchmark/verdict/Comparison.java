package dev.stagegate.benchmark.verdict;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The verdict of a query suite from interleaved fork samples of the baseline (the database before the
 * migration) and the candidate (after), per the field notes: on a noisy 2-core host only a ratio
 * measured in the same session, with its interval, means anything; with rounds, the median of each round's
 * candidate/baseline ratio. The control query is
 * judged first: when it moved more than the drift threshold, the host moved, and no query gets a verdict.
 */
public final class Comparison {

    /** Resamples of the bootstrap; a fixed seed, so the same samples give the same verdict. */
    static final int RESAMPLES = 10_000;
    private static final long SEED = 20261201L;

    private Comparison() {
    }

    /**
     * @param baseline  per query id, one score per fork (the lower the faster: ms/op)
     * @param candidate the same for the candidate
     * @param control   the control query's id, or null when the suite has none (then drift is not checked: said)
     * @param finalRound true after the extra rounds: INCONCLUSIVE becomes PASS_WARN or FAIL_SOFT
     */
    public static Map<String, QueryVerdict> judge(Map<String, double[]> baseline, Map<String, double[]> candidate, String control,
                                                  Thresholds t, boolean finalRound) {
        return judge(baseline, candidate, control, t, finalRound, true);
    }

    /** @param interleaved false for a stored baseline: its samples are not paired with the candidate's by round */
    public static Map<String, QueryVerdict> judge(Map<String, double[]> baseline, Map<String, double[]> candidate, String control,
                                                  Thresholds t, boolean finalRound, boolean interleaved) {
        Map<String, QueryVerdict> out = new LinkedHashMap<>();
        String drifted = null;
        double drift = 1;
        if (control != null && baseline.containsKey(control) && candidate.containsKey(control)) {
            QueryVerdict c = one(control, baseline.get(control), candidate.get(control), t, finalRound, interleaved);
            drift = Math.max(1, c.ratio());
            // moved: past the threshold and the interval excludes 1, so the move is the host's, not the control's own noise
            // (on this host a control's forks alone spread ±8%: a bare ±5% on the point estimate withheld half of all A/A verdicts)
            if (Math.abs(c.ratio() - 1) > t.drift() && (c.low() > 1 || c.high() < 1)) {
                drifted = String.format(Locale.ROOT, "the control query %s moved %+.1f%% (over ±%.0f%%, 95%% CI %.3f-%.3f): the host drifted, "
                        + "so no query's difference can be told from it", control, (c.ratio() - 1) * 100, t.drift() * 100, c.low(), c.high());
            }
        }
        for (String id : baseline.keySet()) {
            double[] b = baseline.get(id);
            double[] c = candidate.get(id);
            if (c == null) {
                continue;
            }
            QueryVerdict v = one(id, b, c, t, finalRound, interleaved);
            if (drifted != null && !id.equals(control) && v.low() / drift >= t.rollback()) {
                // a slowdown the drift cannot explain: even with the host's slowdown taken out, the whole interval is past 1.30
                v = new QueryVerdict(id, Outcome.ROLLBACK, v.ratio(), v.low(), v.high(), v.spread(), v.baselineSpread(), v.candidateSpread(), b.length,
                        c.length, String.format(Locale.ROOT, "the whole interval is over %.2f even with the host's drift taken out: a "
                                + "rollback trigger no drift explains; %s", t.rollback(), drifted));
            } else if (drifted != null) {
                v = new QueryVerdict(id, Outcome.NO_VERDICT, v.ratio(), v.low(), v.high(), v.spread(), v.baselineSpread(), v.candidateSpread(),
                        b.length, c.length, drifted);
            }
            out.put(id, v);
        }
        return out;
    }

    static QueryVerdict one(String id, double[] baseline, double[] candidate, Thresholds t, boolean finalRound) {
        return one(id, baseline, candidate, t, finalRound, true);
    }

    static QueryVerdict one(String id, double[] baseline, double[] candidate, Thresholds t, boolean finalRound, boolean interleaved) {
        if (!usable(baseline) || !usable(candidate)) {
            // an empty arm, a zero, a NaN: no comparison at all, and never one that passes because every test on NaN is false
            return new QueryVerdict(id, Outcome.NO_VERDICT, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    baseline.length, candidate.length, "the samples hold no usable time (an empty arm, a zero or a non-number): nothing to compare");
        }
        boolean paired = interleaved && baseline.length == candidate.length;
        // paired: r is the median of the rounds' candidate/baseline ratios, each from one fork timing both arms by turns, so
        // a round the host slowed down for moves neither r nor its interval (decision 80: on A/A runs the ratio of the
        // arms' medians gave intervals up to 2.5x wider, the same data); a stored baseline has no pairs: ratio of medians
        double armsRatio = median(candidate) / median(baseline);
        double ratio = paired ? median(pairRatios(baseline, candidate)) : armsRatio;
        double[] ci = paired ? pairedBootstrap(baseline, candidate, new Random(SEED ^ id.hashCode()))
                : bootstrap(baseline, candidate, new Random(SEED ^ id.hashCode()));
        // the spread that decides is that of what is compared: with rounds, each round's candidate/baseline
        // ratio, from which the drift both arms share within a round is gone (the arms' own spread is kept as information)
        double sb = spread(baseline);
        double sc = spread(candidate);
        double sp = paired ? spread(pairRatios(baseline, candidate)) : Math.max(sb, sc);
        String interval = paired ? String.format(Locale.ROOT, "r = %.3f (95%% CI %.3f-%.3f) over %d rounds paired by round (each round's "
                + "fork timed both arms by turns; median of the rounds' ratios; the arms' medians give %.3f)", ratio, ci[0], ci[1],
                baseline.length, armsRatio)
                : String.format(Locale.ROOT, "r = %.3f (95%% CI %.3f-%.3f) over %d+%d forks", ratio, ci[0], ci[1], baseline.length, candidate.length);
        if (baseline.length < 3 || candidate.length < 3) {
            return new QueryVerdict(id, Outcome.NO_VERDICT, ratio, ci[0], ci[1], sp, sb, sc, baseline.length, candidate.length,
                    "fewer than 3 forks per arm: no interval worth the name; " + interval);
        }
        if (sp > t.spread() && ci[0] >= t.rollback()) {
            // noise cannot explain a slowdown whose whole interval is past the rollback threshold
            return new QueryVerdict(id, Outcome.ROLLBACK, ratio, ci[0], ci[1], sp, sb, sc, baseline.length, candidate.length,
                    String.format(Locale.ROOT, "the whole interval is over %.2f although the samples spread %.0f%%: a rollback "
                            + "trigger no noise explains; %s", t.rollback(), sp * 100, interval));
        }
        if (sp > t.spread() && ci[1] <= 1 / t.rollback()) {
            // nor a speed-up whose whole interval is as far under 1 as a rollback is over it (an index the migration added:
            // r 0.21, 0.15-0.25, on c2pro's main job, spread 39% because the baseline's forks are slow and noisy)
            return new QueryVerdict(id, Outcome.PASS, ratio, ci[0], ci[1], sp, sb, sc, baseline.length, candidate.length,
                    String.format(Locale.ROOT, "the whole interval is under %.2f although the samples spread %.0f%%: faster, whatever the "
                            + "noise; %s", 1 / t.rollback(), sp * 100, interval));
        }
        if (sp > t.spread()) {
            return new QueryVerdict(id, Outcome.NO_VERDICT, ratio, ci[0], ci[1], sp, sb, sc, baseline.length, candidate.length,
                    String.format(Locale.ROOT, "%s spread %.0f%%%s around their median, over %.0f%%: too noisy to tell; %s",
                            paired ? "the rounds' candidate/baseline ratios" : "the forks", sp * 100, paired ? "" : String.format(Locale.ROOT,
                                    " (baseline %.0f%%, candidate %.0f%%)", sb * 100, sc * 100), t.spread() * 100, interval));
        }
        Outcome o;
        String why;
        if (ci[1] < t.pass()) {
            o = Outcome.PASS;
            why = "the whole interval is under " + t.pass();
        } else if (ci[0] > t.pass()) {
            o = ratio >= t.rollback() ? Outcome.ROLLBACK : Outcome.FAIL;
            why = "the whole interval is over " + t.pass() + (o == Outcome.ROLLBACK ? " and r is at least " + t.rollback()
                    + ": a rollback trigger" : "");
        } else if (!finalRound) {
            o = Outcome.INCONCLUSIVE;
            why = "the interval straddles " + t.pass() + ": more rounds";
        } else if (ci[1] - ci[0] > 2 * (t.pass() - 1)) {
            // a soft verdict needs an interval that can resolve the threshold: wider than ±10% it is the host's noise talking
            o = Outcome.NO_VERDICT;
            why = String.format(Locale.ROOT, "after the extra rounds the interval is still %.0f%% wide, wider than the ±%.0f%% it must resolve: "
                    + "too noisy to tell", (ci[1] - ci[0]) * 100, (t.pass() - 1) * 100);
        } else if (ratio > t.pass()) {
            o = Outcome.FAIL_SOFT;
            why = "still straddling " + t.pass() + " after the extra rounds, with r over it";
        } else {
            o = Outcome.PASS_WARN;
            why = "still straddling " + t.pass() + " after the extra rounds, with r under it";
        }
        return new QueryVerdict(id, o, ratio, ci[0], ci[1], sp, sb, sc, baseline.length, candidate.length, why + "; " + interval);
    }

    private static boolean usable(double[] xs) {
        return xs.length > 0 && Arrays.stream(xs).allMatch(x -> Double.isFinite(x) && x > 0);
    }

    /**
     * The worst outcome of the suite's queries, the control left out: it judges the host, and a control that
     * passes says nothing about the migration. What the gate's performance condition takes.
     */
    public static Outcome worst(Map<String, QueryVerdict> verdicts, String control) {
        Map<String, QueryVerdict> queries = new LinkedHashMap<>(verdicts);
        if (control != null) {
            queries.remove(control);
        }
        return worst(queries);
    }

    /** The worst outcome of all the verdicts given. */
    public static Outcome worst(Map<String, QueryVerdict> verdicts) {
        List<Outcome> order = List.of(Outcome.PASS, Outcome.PASS_WARN, Outcome.INCONCLUSIVE, Outcome.NO_VERDICT, Outcome.FAIL_SOFT,
                Outcome.FAIL, Outcome.ROLLBACK);
        return verdicts.values().stream().map(QueryVerdict::outcome).max(java.util.Comparator.comparingInt(order::indexOf))
                .orElse(Outcome.NO_VERDICT);
    }

    /** The median of the samples: what every figure of the suite is judged by. */
    public static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** (q3 - q1) / median: how far the forks disagree, whatever their number. */
    static double spread(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        double m = median(s);
        return m == 0 ? 0 : (quantile(s, 0.75) - quantile(s, 0.25)) / m;
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /** Each round's candidate score over its baseline score: the comparison with the drift between rounds taken out. */
    static double[] pairRatios(double[] baseline, double[] candidate) {
        double[] r = new double[baseline.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = candidate[i] / baseline[i];
        }
        return r;
    }

    /**
     * 95% percentile interval of the median of the rounds' candidate/baseline ratios, rounds resampled whole: a
     * round's fork timed both arms by turns, so a host that slowed down for a round slowed both arms, and their ratio
     * carries the comparison without the drift.
     */
    static double[] pairedBootstrap(double[] baseline, double[] candidate, Random random) {
        double[] pairs = pairRatios(baseline, candidate);
        int n = pairs.length;
        double[] ratios = new double[RESAMPLES];
        double[] a = new double[n];
        for (int i = 0; i < RESAMPLES; i++) {
            for (int j = 0; j < n; j++) {
                a[j] = pairs[random.nextInt(n)];
            }
            ratios[i] = median(a);
        }
        Arrays.sort(ratios);
        return new double[]{ratios[(int) (RESAMPLES * 0.025)], ratios[(int) (RESAMPLES * 0.975)]};
    }

    /** 95% percentile interval of median(candidate)/median(baseline), each arm resampled on its own (arms of unequal length). */
    static double[] bootstrap(double[] baseline, double[] candidate, Random random) {
        double[] ratios = new double[RESAMPLES];
        double[] a = new double[candidate.length];
        double[] b = new double[baseline.length];
        for (int i = 0; i < RESAMPLES; i++) {
            for (int j = 0; j < a.length; j++) {
                a[j] = candidate[random.nextInt(candidate.length)];
            }
            for (int j = 0; j < b.length; j++) {
                b[j] = baseline[random.nextInt(baseline.length)];
            }
            ratios[i] = median(a) / median(b);
        }
        Arrays.sort(ratios);
        return new double[]{ratios[(int) (RESAMPLES * 0.025)], ratios[(int) (RESAMPLES * 0.975)]};
    }

    /**
     * 95% percentile interval of one arm's median over its forks (10,000 resamples, a fixed seed): the whisker of
     * "before" and "after" in the chart. Not what the verdict uses (that is the paired ratio's interval).
     */
    public static double[] medianInterval(double[] forks) {
        if (forks == null || forks.length == 0) {
            return new double[]{Double.NaN, Double.NaN};
        }
        Random random = new Random(SEED);
        double[] medians = new double[RESAMPLES];
        double[] a = new double[forks.length];
        for (int i = 0; i < RESAMPLES; i++) {
            for (int j = 0; j < a.length; j++) {
                a[j] = forks[random.nextInt(forks.length)];
            }
            medians[i] = median(a);
        }
        Arrays.sort(medians);
        return new double[]{medians[(int) (RESAMPLES * 0.025)], medians[(int) (RESAMPLES * 0.975)]};
    }
}
