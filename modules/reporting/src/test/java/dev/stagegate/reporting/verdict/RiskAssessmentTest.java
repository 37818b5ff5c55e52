package dev.stagegate.reporting.verdict;

import dev.stagegate.core.result.Severity;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.reporting.GateFixture;
import dev.stagegate.reporting.model.GateReport;
import dev.stagegate.reporting.model.GateResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.stagegate.reporting.GateFixture.finding;
import static org.assertj.core.api.Assertions.assertThat;

class RiskAssessmentTest {

    @TempDir
    Path tmp;

    /** Every step of a full gate, passing: migrate, verify, bench (every query decided), rollback cycle, expect. */
    private GateFixture complete(String name) {
        return new GateFixture(tmp.resolve(name)).showAll()
                .step(new StepResult("backup pre_migration", StepStatus.PASSED, "backups/pre_migration_<time>.dump, read back whole; restore test: "
                        + "4 tables equal to the source", List.of(), Map.of(), List.of(), Duration.ofMillis(900)))
                .timing("backup pre_migration restore", 300)
                .step("rehearse", List.of(), Map.of()).timing("rehearse 002", 30 * 60_000L)
                .step("rollback cycle", List.of(), Map.of())
                .step("bench", List.of(), Map.of()).file("ce26_benchmark_results.json", GateFixture.benchmark(new Object[] {"a", "PASS", 1.0}))
                .step("migrate", List.of(), Map.of())
                .step("verify", List.of(), GateFixture.verifyTally(4, 0))
                .step("expect", List.of(), Map.of("passed", 1L, "total", 1L));
    }

    private static RiskAssessment risk(Path run, long window) {
        GateReport r = GateResults.read(run);
        return RiskAssessment.of(r, RollbackTriggers.evaluate(r), window);
    }

    @Test
    void aCompleteGateWithNothingFoundIsLowAndSaysWhy() {
        RiskAssessment low = risk(complete("low").write(), 0);
        assertThat(low.level()).isEqualTo(RiskAssessment.Level.LOW);
        assertThat(low.reasons()).singleElement().extracting(RiskAssessment.Reason::text).asString().contains("no rollback trigger fired");
        assertThat(low.mitigations()).anyMatch(m -> m.startsWith("rollback tested on a copy"));
        assertThat(low.contingency()).contains("maintenance window: not given (stagegate report RUN_DIR --window 2h)");
    }

    @Test
    void aWarningKeepsItAboveLow() {
        RiskAssessment r = risk(complete("warned").step("lint", List.of(finding("RLS_NOT_FORCED", Severity.WARNING, "public.a", "no FORCE")), Map.of())
                .write(), 0);
        assertThat(r.level()).isEqualTo(RiskAssessment.Level.MEDIUM);
        assertThat(r.reasons()).extracting(RiskAssessment.Reason::text).contains("1 warning(s) to read: RLS_NOT_FORCED");
    }

    @Test
    void aFailingFindingIsHighAndAnAcceptedOneOrADestructiveChangeIsMedium() {
        RiskAssessment high = risk(complete("high").step("lint", List.of(finding("SQL_SYNTAX", Severity.ERROR, "003.sql", "syntax error")), Map.of())
                .write(), 0);
        assertThat(high.level()).isEqualTo(RiskAssessment.Level.HIGH);
        assertThat(high.reasons()).extracting(RiskAssessment.Reason::text).anyMatch(t -> t.equals("1 failing finding(s): SQL_SYNTAX"));
        RiskAssessment medium = risk(complete("medium").step("lint", List.of(finding("DROP_COLUMN", Severity.WARNING, "004.sql", "drops a column")
                .suppressedBecause("column unused since v2")), Map.of()).write(), 0);
        assertThat(medium.level()).isEqualTo(RiskAssessment.Level.MEDIUM);
        assertThat(medium.reasons()).extracting(RiskAssessment.Reason::text).contains("1 accepted finding(s), each with its reason: DROP_COLUMN",
                "destructive changes a rollback cannot undo with the data: DROP_COLUMN");
    }

    @Test
    void whatCouldNotBeEvaluatedIsMediumNeverLow() {
        RiskAssessment r = risk(new GateFixture(tmp.resolve("bare")).show(GateCondition.MIGRATIONS, StepStatus.PASSED)
                .step("migrate", List.of(), Map.of()).write(), 0);
        assertThat(r.level()).isEqualTo(RiskAssessment.Level.MEDIUM);
        assertThat(r.reasons()).extracting(RiskAssessment.Reason::text).contains("rollback trigger not evaluated: performance degradation over 30% "
                + "(no bench step ran)", "no rollback cycle ran on a copy: the rollback path is untested",
                "no pre-migration backup was made and restore-tested in this run: backup 'pre_migration', restoreTest: true");
    }

    @Test
    void theRehearsedTimeIsJudgedAgainstTheMaintenanceWindow() {
        Path run = complete("window").write();
        assertThat(risk(run, 120).level()).isEqualTo(RiskAssessment.Level.LOW);
        RiskAssessment tight = risk(run, 45);
        assertThat(tight.level()).isEqualTo(RiskAssessment.Level.MEDIUM);
        assertThat(tight.reasons()).extracting(RiskAssessment.Reason::text).contains("the rehearsal took 30.0 min on this data against a "
                + "maintenance window of 45 min");
        assertThat(risk(run, 20).level()).isEqualTo(RiskAssessment.Level.HIGH);
    }
}
