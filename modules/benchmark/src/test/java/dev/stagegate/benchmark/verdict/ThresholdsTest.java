package dev.stagegate.benchmark.verdict;

import dev.stagegate.core.error.StagegateException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The user's thresholds: given as percentages, the seeds' by default, and they move the verdict. */
class ThresholdsTest {

    private static Thresholds of(String fails, String rollback, String drift, String spread) {
        return Thresholds.of(fails, rollback, drift, spread, Thresholds.CLI);
    }

    @Test
    void nothingGivenIsTheSeedsNumbers() {
        assertThat(of(null, null, null, null)).isEqualTo(Thresholds.seeds());
        assertThat(Thresholds.seeds().passPercent()).isEqualTo("10%");
        assertThat(Thresholds.seeds().rollbackPercent()).isEqualTo("30%");
    }

    @Test
    void percentagesWithOrWithoutTheSign() {
        Thresholds t = of("15%", "50", "2.5%", "40");
        assertThat(t.pass()).isEqualTo(1.15, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.rollback()).isEqualTo(1.50, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.drift()).isEqualTo(0.025, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.spread()).isEqualTo(0.40, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.passPercent()).isEqualTo("15%");
    }

    @Test
    void whatIsNoPercentageOrUpsideDownIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> of("ten", null, null, null)).isInstanceOf(StagegateException.class)
                .hasMessage("--slower-fails ten is not a percentage from 0.1% to 1000%; write e.g. 10%");
        assertThatThrownBy(() -> of(null, null, "-5%", null)).hasMessageStartingWith("--control-drift -5% is not a percentage");
        assertThatThrownBy(() -> of(null, null, "60%", null)).hasMessageStartingWith("--control-drift 60% is not a percentage from 0.1% to 50%");
        assertThatThrownBy(() -> of("40%", "20%", null, null)).hasMessageStartingWith("--slower-rollback 20% is under --slower-fails 40%");
        assertThatThrownBy(() -> Thresholds.of("0", null, null, null, Thresholds.DSL)).hasMessageStartingWith("slowerFails: 0 is not a percentage");
    }

    @Test
    void theSameSamplesFailAtTenPercentAndPassAtTwenty() {
        double[] base = {1.00, 1.01, 0.99, 1.00, 1.02, 0.98};
        double[] cand = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            cand[i] = base[i] * 1.15;
        }
        assertThat(Comparison.one("q", base, cand, Thresholds.seeds(), false).outcome()).isEqualTo(Outcome.FAIL);
        assertThat(Comparison.one("q", base, cand, of("20%", null, null, null), false).outcome()).isEqualTo(Outcome.PASS);
        assertThat(Comparison.one("q", base, cand, of("5%", "12%", null, null), false).outcome()).isEqualTo(Outcome.ROLLBACK);
    }
}
