package dev.stagegate.core.result;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StepResultTest {

    private static StepResult step(Finding... findings) {
        return StepResult.of("verify", List.of(findings), Map.of(), List.of(), Duration.ofMillis(5));
    }

    @Test
    void statusFollowsTheWorstUnsuppressedFinding() {
        Finding error = Finding.of(TestCode.RLS_DISABLED, Severity.ERROR, "public.projects", "RLS is off");
        Finding warning = Finding.of(TestCode.RLS_NOT_FORCED, Severity.WARNING, "public.alerts", "not forced");
        assertThat(step().status()).isEqualTo(StepStatus.PASSED);
        assertThat(step(warning).status()).isEqualTo(StepStatus.WARNED);
        assertThat(step(warning, error).status()).isEqualTo(StepStatus.FAILED);
        assertThat(step(warning, error.suppressedBecause("accepted by DBA, ticket 42")).status()).isEqualTo(StepStatus.WARNED);
        assertThat(step(error).failing()).containsExactly(error);
    }

    @Test
    void findingIdIsStableAcrossMessages() {
        Finding a = Finding.of(TestCode.FK_UNINDEXED, Severity.WARNING, "public.child.fk", "one wording");
        Finding b = Finding.of(TestCode.FK_UNINDEXED, Severity.WARNING, "public.child.fk", "another wording");
        assertThat(a.id()).isEqualTo(b.id()).isEqualTo("FK_UNINDEXED:public.child.fk");
    }

    @Test
    void aCopyForAnotherObjectKeepsCodeAndProof() {
        Finding a = Finding.of(TestCode.FK_UNINDEXED, Severity.WARNING, "public.events_2024.fk", "one partition", "proof row");
        Finding b = a.with(Severity.ERROR, "public.events", "on public.events and its partitions");
        assertThat(b.code()).isEqualTo("FK_UNINDEXED");
        assertThat(b.severity()).isEqualTo(Severity.ERROR);
        assertThat(b.id()).isEqualTo("FK_UNINDEXED:public.events");
        assertThat(b.message()).isEqualTo("on public.events and its partitions");
        assertThat(b.proof()).containsExactly("proof row");
        assertThat(a.object()).isEqualTo("public.events_2024.fk");
    }

    /** Codes for this model test only (the real ones live in the modules' registries). */
    private enum TestCode implements FindingCode {
        RLS_DISABLED, RLS_NOT_FORCED, FK_UNINDEXED;

        @Override
        public String meaning() {
            return "test";
        }
    }
}
