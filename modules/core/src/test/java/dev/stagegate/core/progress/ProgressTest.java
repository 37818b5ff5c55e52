package dev.stagegate.core.progress;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    @Test
    void aLineSaysWhatHowFarTheTimeSoFarAndAnEstimateFromThePace() {
        long[] now = {0};
        StringWriter out = new StringWriter();
        Progress p = new Progress("bench forks", 108, Progress.terminalLine(new PrintWriter(out)), () -> now[0]);
        now[0] = 30_000;
        p.at(18, "round 2/6: wbs_of_project on the candidate");
        // 18 forks in 30 s: 90 more at that pace is 150 s
        assertThat(out.toString()).isEqualTo("\r\u001b[2Kbench forks: 18/108, round 2/6: wbs_of_project on the candidate (30 s, about 2 min 30 s left)");
        now[0] = 181_000;
        p.done("108 forks in 6 rounds");
        assertThat(out.toString()).endsWith("\r\u001b[2Kbench forks: 108 forks in 6 rounds (3 min 1 s)\n");
    }

    @Test
    void withoutATerminalItIsTimestampedLinesAtMostOneEveryTenSecondsAndAlwaysTheLast() {
        long[] now = {0};
        StringWriter out = new StringWriter();
        Progress.Sink plain = Progress.plainLines(new PrintWriter(out), () -> now[0], () -> "2026-12-02 06:40:00");
        Progress p = new Progress("copy", 4, plain, () -> now[0]);
        p.at(0, "table a");
        now[0] = 2_000;
        p.at(1, "table b");
        now[0] = 11_000;
        p.at(2, "table c");
        now[0] = 12_000;
        p.done("4 tables");
        assertThat(out.toString().lines()).containsExactly("2026-12-02 06:40:00 copy: 0/4, table a (0 s)",
                "2026-12-02 06:40:00 copy: 2/4, table c (11 s, about 11 s left)", "2026-12-02 06:40:00 copy: 4 tables (12 s)");
        assertThat(out.toString()).doesNotContain("\r");
    }

    @Test
    void aConsoleOutputTakesPlainLinesAndProgressAndAPlainConsumerHasNoProgress() {
        StringWriter out = new StringWriter();
        Progress.Lines lines = Progress.lines(new PrintWriter(out), false);
        lines.accept("[INFO] copy made");
        assertThat(Progress.sinkOf(lines)).isSameAs(lines);
        assertThat(Progress.sinkOf(s -> { })).isSameAs(Progress.silent());
        assertThat(out.toString()).isEqualTo("[INFO] copy made" + System.lineSeparator());
    }

    @Test
    void aHeartbeatSaysTheTimeSoFarAndTheEstimateThisRunMeasured() {
        assertThat(Heartbeat.line("backup post_migration: pg_dump", 12_000, 42_000, "backup pre_migration"))
                .isEqualTo("backup post_migration: pg_dump (12 s; backup pre_migration took 42 s: about 30 s left)");
        assertThat(Heartbeat.line("migrate: 004", 50_000, 42_000, "the rehearsal on a copy"))
                .isEqualTo("migrate: 004 (50 s; the rehearsal on a copy took 42 s)");
        assertThat(Heartbeat.line("verify", 5_000, -1, "")).isEqualTo("verify (5 s)");
        // a quick step shows nothing: the heartbeat is silent for its first seconds
        StringWriter out = new StringWriter();
        try (Heartbeat h = Heartbeat.start("copy", -1, "", Progress.terminalLine(new PrintWriter(out)))) {
            assertThat(h).isNotNull();
        }
        assertThat(out.toString()).isEmpty();
    }
}
