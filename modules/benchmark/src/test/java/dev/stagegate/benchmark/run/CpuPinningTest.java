package dev.stagegate.benchmark.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which CPU a run pins to, and when it does not: off is off (and said), a CPU the process may not use is
 * refused in one line, auto takes the highest one allowed. The pinning itself is shown on real forks by
 * BenchRunnerTest (embedded PostgreSQL on this machine: pinned).
 */
class CpuPinningTest {

    @Test
    void offIsSaidAutoTakesTheHighestAllowedCpuAndAnUnknownCpuIsRefused() {
        StringBuilder why = new StringBuilder();
        assertThat(CpuPinning.choose("off", why)).isEqualTo(-1);
        assertThat(why).hasToString("pinning turned off (--pin-cpu off)");
        var allowed = CpuPinning.allowedCpus();
        assertThat(allowed).as("Linux says which CPUs a process may use").isNotEmpty();
        StringBuilder none = new StringBuilder();
        int auto = CpuPinning.choose("auto", none);
        if (allowed.size() > 1) {
            assertThat(auto).isEqualTo(allowed.get(allowed.size() - 1));
            assertThat(none).isEmpty();
        } else {
            assertThat(auto).isEqualTo(-1);
            assertThat(none).contains("one CPU only");
        }
        assertThatThrownBy(() -> CpuPinning.choose("4096", new StringBuilder())).hasMessageContaining("--pin-cpu 4096: this process may run on CPUs");
    }
}
