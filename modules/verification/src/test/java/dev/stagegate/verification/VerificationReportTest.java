package dev.stagegate.verification;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.verification.result.VerificationCode;
import dev.stagegate.verification.tenant.TenantModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The report of a large schema groups repeated INFO findings; everything else keeps a row of its own. */
class VerificationReportTest {

    @Test
    void repeatedInfoFindingsAreOneRow() {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            findings.add(Finding.of(VerificationCode.RLS_NOT_FORCED, Severity.INFO, "public.t" + i, "owner bypass only"));
        }
        findings.add(Finding.of(VerificationCode.RLS_DISABLED, Severity.CRITICAL, "public.open", "RLS is off"));
        StepResult step = StepResult.of("rls-coverage", findings, Map.of(), List.of(), java.time.Duration.ZERO);
        String md = new VerificationReport(TenantModel.none(), List.of(step), Map.of(), List.of()).toMarkdown();
        assertThat(md.split("RLS_NOT_FORCED", -1)).hasSize(2);
        assertThat(md).contains("| INFO | RLS_NOT_FORCED | 40 objects: public.t0, public.t1").contains("(first of 40)")
                .contains("| CRITICAL | RLS_DISABLED | `public.open` |");
    }
}
