package dev.stagegate.console.gate;

import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.core.result.Suppressions;
import dev.stagegate.reporting.verdict.GateCondition;
import dev.stagegate.verification.VerificationReport;
import dev.stagegate.verification.result.Count;
import dev.stagegate.verification.tenant.TenantModel;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The conditions a verify step shows rest on what ran: no test row written is no smoke shown. */
class VerificationStepTest {

    private static VerificationReport report(Object smoke) {
        List<StepResult> steps = List.of(
                StepResult.notRun("rls-coverage", StepStatus.SKIPPED, "no tenant model"),
                StepResult.notRun("isolation", StepStatus.SKIPPED, "no tenant model"),
                StepResult.of("foreign-keys", List.of(), Map.of(), List.of(), java.time.Duration.ZERO),
                StepResult.of("integrity", List.of(), Map.of(), List.of(), java.time.Duration.ZERO));
        return new VerificationReport(TenantModel.none(), steps, Map.of("smoke_inserts", smoke), List.of());
    }

    @Test
    void integrityWithoutASingleSmokeInsertLeavesSmokeUnshown() {
        VerificationStep none = VerificationStep.of(report("not tested (no table the application may insert into)"), Suppressions.none());
        assertThat(none.conditions()).containsEntry(GateCondition.SMOKE, StepStatus.NOT_TESTED)
                .containsEntry(GateCondition.RLS, StepStatus.SKIPPED).containsEntry(GateCondition.FOREIGN_KEYS, StepStatus.PASSED);
        assertThat(none.step().status().passed()).isFalse();
        VerificationStep ran = VerificationStep.of(report(Count.of(3, 3)), Suppressions.none());
        assertThat(ran.conditions()).containsEntry(GateCondition.SMOKE, StepStatus.PASSED);
    }
}
