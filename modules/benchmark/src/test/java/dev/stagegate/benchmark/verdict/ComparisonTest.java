package dev.stagegate.benchmark.verdict;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verdict on fork samples built to land on each side of it: the same query twice passes, a
 * clear +20% fails, +50% is a rollback trigger, +10% inside the noise is inconclusive and then
 * soft, a moving control or a noisy query gives no verdict, never a pass.
 */
class ComparisonTest {

    private static double[] forks(double median, double noise, int n, long seed) {
        Random r = new Random(seed);
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = median * (1 + noise * (r.nextDouble() * 2 - 1));
        }
        return xs;
    }

    private static Map<String, QueryVerdict> judge(double slowdown, double noise, double controlMove, boolean last) {
        Map<String, double[]> a = new LinkedHashMap<>();
        Map<String, double[]> b = new LinkedHashMap<>();
        a.put("q", forks(2.0, noise, 6, 1));
        b.put("q", forks(2.0 * slowdown, noise, 6, 2));
        a.put("control", forks(1.0, 0.01, 6, 3));
        b.put("control", forks(1.0 * controlMove, 0.01, 6, 4));
        return Comparison.judge(a, b, "control", Thresholds.seeds(), last);
    }

    @Test
    void theSameQueryTwicePasses() {
        QueryVerdict v = judge(1.0, 0.02, 1.0, false).get("q");
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(v.high()).isLessThan(1.10);
        assertThat(v.why()).contains("r = ").contains("95% CI");
    }

    @Test
    void aClearTwentyPercentFailsAndFiftyIsARollbackTrigger() {
        assertThat(judge(1.20, 0.02, 1.0, false).get("q").outcome()).isEqualTo(Outcome.FAIL);
        QueryVerdict v = judge(1.50, 0.02, 1.0, false).get("q");
        assertThat(v.outcome()).isEqualTo(Outcome.ROLLBACK);
        assertThat(v.why()).contains("rollback trigger");
        assertThat(Comparison.worst(judge(1.50, 0.02, 1.0, false))).isEqualTo(Outcome.ROLLBACK);
    }

    private static QueryVerdict straddling(double slowdown, boolean last) {
        double[] base = {1.80, 1.90, 2.00, 2.10, 2.20, 2.00};
        double[] cand = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            cand[i] = base[(i + 2) % base.length] * slowdown;
        }
        return Comparison.one("q", base, cand, Thresholds.seeds(), last);
    }

    /** Twelve rounds whose pairs agree within ±4%: an interval narrow enough to resolve 10%. */
    private static QueryVerdict tight(double slowdown) {
        double[] noise = {0.96, 1.04, 0.98, 1.02, 1.00, 0.97, 1.03, 0.99, 1.01, 1.00, 0.96, 1.04};
        double[] base = new double[12];
        double[] cand = new double[12];
        for (int i = 0; i < 12; i++) {
            base[i] = 2.0 + 0.05 * (i % 3);
            cand[i] = base[i] * slowdown * noise[i];
        }
        return Comparison.one("q", base, cand, Thresholds.seeds(), true);
    }

    @Test
    void aDifferenceInsideTheNoiseIsInconclusiveThenSoft() {
        QueryVerdict first = straddling(1.10, false);
        assertThat(first.low()).isLessThan(1.10);
        assertThat(first.high()).isGreaterThan(1.10);
        assertThat(first.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        // after the extra rounds: a soft verdict when the interval can resolve 10%, none when it is wider
        assertThat(tight(1.115).outcome()).as(tight(1.115).why()).isEqualTo(Outcome.FAIL_SOFT);
        assertThat(tight(1.085).outcome()).as(tight(1.085).why()).isEqualTo(Outcome.PASS_WARN);
        QueryVerdict wide = straddling(1.12, true);
        assertThat(wide.outcome()).isEqualTo(Outcome.NO_VERDICT);
        assertThat(wide.why()).contains("too noisy to tell");
    }

    @Test
    void aMovingControlOrANoisyQueryGivesNoVerdictNeverAPass() {
        Map<String, QueryVerdict> drifted = judge(1.0, 0.02, 1.08, false);
        assertThat(drifted.values()).allSatisfy(v -> assertThat(v.outcome()).isEqualTo(Outcome.NO_VERDICT));
        assertThat(drifted.get("q").why()).contains("the control query control moved +7.9%");
        // a slowdown the drift cannot explain is still a rollback trigger
        QueryVerdict past = judge(3.0, 0.02, 1.08, false).get("q");
        assertThat(past.outcome()).isEqualTo(Outcome.ROLLBACK);
        assertThat(past.why()).contains("no drift explains");
        QueryVerdict noisy = judge(1.0, 0.60, 1.0, false).get("q");
        assertThat(noisy.outcome()).isEqualTo(Outcome.NO_VERDICT);
        assertThat(noisy.outcome().passes()).isFalse();
        assertThat(noisy.why()).contains("too noisy");
        // but noise never hides a slowdown whose whole interval is past the rollback threshold
        QueryVerdict huge = Comparison.one("q", new double[]{1.0, 1.6, 1.1, 0.9, 1.5, 1.0}, new double[]{150, 500, 170, 155, 400, 158},
                Thresholds.seeds(), false);
        assertThat(huge.outcome()).isEqualTo(Outcome.ROLLBACK);
        assertThat(huge.why()).contains("no noise explains");
        Map<String, double[]> two = Map.of("q", new double[]{1, 1});
        assertThat(Comparison.judge(two, two, null, Thresholds.seeds(), false).get("q").outcome()).isEqualTo(Outcome.NO_VERDICT);
    }

    @Test
    void aHostThatMovesThreefoldBetweenRoundsStillGivesAVerdictBecauseRoundsArePaired() {
        double[] host = {1.0, 3.0, 1.5, 2.5, 1.0, 3.0};
        double[] base = new double[6];
        double[] same = new double[6];
        double[] slower = new double[6];
        Random r = new Random(7);
        for (int i = 0; i < 6; i++) {
            base[i] = 2.0 * host[i] * (1 + 0.02 * (r.nextDouble() * 2 - 1));
            same[i] = 2.0 * host[i] * (1 + 0.02 * (r.nextDouble() * 2 - 1));
            slower[i] = 2.0 * 1.5 * host[i] * (1 + 0.02 * (r.nextDouble() * 2 - 1));
        }
        QueryVerdict aa = Comparison.one("q", base, same, Thresholds.seeds(), false);
        assertThat(aa.outcome()).isEqualTo(Outcome.PASS);
        assertThat(aa.baselineSpread()).isGreaterThan(0.25);
        assertThat(aa.spread()).isLessThan(0.05);
        assertThat(aa.why()).contains("paired by round");
        assertThat(Comparison.one("q", base, slower, Thresholds.seeds(), false).outcome()).isEqualTo(Outcome.ROLLBACK);
        // unpaired (arms of unequal length), the same drift is only noise: no verdict
        QueryVerdict unpaired = Comparison.one("q", base, java.util.Arrays.copyOf(same, 5), Thresholds.seeds(), false);
        assertThat(unpaired.outcome()).isEqualTo(Outcome.NO_VERDICT);
    }

    @Test
    void theRoundsRatiosNotTheArmsMediansCarryAPairedComparison() {
        // wbs_of_project in an A/A run on this host (benchmarks/results/bench-verdict/aa/run1.json, pinned forks, 12 rounds): the
        // rounds moved both arms together (0.09 to 0.136 ms); the ratio of the arms' medians gave 1.061 (95% CI 0.870-1.187), no verdict
        double[] base = {0.1311, 0.0899, 0.1007, 0.1247, 0.1025, 0.1091, 0.0987, 0.0949, 0.0939, 0.1339, 0.1045, 0.1364};
        double[] cand = {0.1289, 0.0896, 0.0973, 0.1005, 0.1084, 0.1204, 0.1193, 0.0946, 0.1039, 0.1112, 0.1458, 0.1455};
        QueryVerdict v = Comparison.one("wbs_of_project", base, cand, Thresholds.seeds(), true);
        assertThat(v.high() - v.low()).as(v.why()).isLessThan(0.20);
        assertThat(v.outcome().passes()).as(v.why()).isTrue();
        assertThat(v.why()).contains("median of the rounds' ratios").contains("the arms' medians give 1.061");
    }

    @Test
    void aControlWhoseIntervalStillHoldsOneHasNotMovedHowEverItsPointEstimateFell() {
        double[] base = {1.00, 1.10, 0.90, 1.05, 0.95, 1.00};
        double[] cand = {0.85, 1.12, 0.80, 1.00, 0.99, 0.90};
        QueryVerdict control = Comparison.one("control", base, cand, Thresholds.seeds(), false);
        assertThat(Math.abs(control.ratio() - 1)).isGreaterThan(0.05);
        assertThat(control.low()).isLessThan(1);
        assertThat(control.high()).isGreaterThan(1);
        Map<String, double[]> a = new LinkedHashMap<>(Map.of("q", forks(2.0, 0.02, 6, 1), "control", base));
        Map<String, double[]> b = new LinkedHashMap<>(Map.of("q", forks(2.0, 0.02, 6, 2), "control", cand));
        assertThat(Comparison.judge(a, b, "control", Thresholds.seeds(), false).get("q").outcome()).isNotEqualTo(Outcome.NO_VERDICT);
    }

    @Test
    void aClearSpeedUpPassesThroughNoiseAndAnUnclearOneDoesNot() {
        // c2pro's clause_by_number after 004 added its index: baseline forks slow and noisy, the ratios spread 39%
        double[] base = {0.30, 0.21, 0.34, 0.22, 0.31, 0.20};
        double[] fast = {0.050, 0.052, 0.049, 0.051, 0.050, 0.049};
        QueryVerdict v = Comparison.one("q", base, fast, Thresholds.seeds(), false);
        assertThat(v.spread()).isGreaterThan(0.25);
        assertThat(v.outcome()).as(v.why()).isEqualTo(Outcome.PASS);
        assertThat(v.why()).contains("faster, whatever the noise");
        // the same noise around no change stays without a verdict
        double[] same = {0.21, 0.33, 0.20, 0.31, 0.22, 0.34};
        assertThat(Comparison.one("q", base, same, Thresholds.seeds(), false).outcome()).isEqualTo(Outcome.NO_VERDICT);
    }
}
