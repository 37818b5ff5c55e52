package dev.stagegate.reporting.verdict;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.reporting.model.GateResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.stagegate.reporting.GateFixture;

import static dev.stagegate.reporting.GateFixture.finding;
import static org.assertj.core.api.Assertions.assertThat;

class RollbackTriggersTest {

    @TempDir
    Path tmp;

    private Trigger trigger(String name, UnaryOperator<GateFixture> gate) {
        Path run = gate.apply(new GateFixture(tmp.resolve(String.valueOf(System.nanoTime())))).write();
        return RollbackTriggers.evaluate(GateResults.read(run)).stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aFailedMigrationFiresItAMigrateThatPassedClearsItAndNoMigrateLeavesItNotEvaluated() {
        assertThat(trigger(RollbackTriggers.MIGRATION, g -> g.step("migrate", List.of(finding("MIGRATION_FAILED", Severity.ERROR, "003",
                "003 failed at line 4")), Map.of())).state()).isEqualTo(Trigger.State.FIRED);
        assertThat(trigger(RollbackTriggers.MIGRATION, g -> g.step("migrate", List.of(), Map.of())).state()).isEqualTo(Trigger.State.CLEAR);
        Trigger none = trigger(RollbackTriggers.MIGRATION, g -> g.step("lint", List.of(), Map.of()));
        assertThat(none.state()).isEqualTo(Trigger.State.NOT_EVALUATED);
        assertThat(none.evidence()).isEqualTo("no migrate step ran");
    }

    @Test
    void rlsFiresOverFivePercentOfTenantTablesFailingAndIsNotEvaluatedWithoutProbes() {
        Finding leak = finding("LEAK_READ", Severity.CRITICAL, "public.a", "read B's row");
        Finding leak2 = finding("RLS_DISABLED", Severity.ERROR, "public.b", "RLS off");
        Trigger two = trigger(RollbackTriggers.RLS, g -> g.step("verify", List.of(leak, leak2), tally(10, 10)));
        assertThat(two.state()).isEqualTo(Trigger.State.FIRED);
        assertThat(two.evidence()).startsWith("2 of 10 tenant tables probed fail an RLS test (20.0%): public.a, public.b");
        // one table in thirty is 3.3%: verify fails (NO-GO), but this trigger's bar is not passed
        assertThat(trigger(RollbackTriggers.RLS, g -> g.step("verify", List.of(leak), tally(30, 30))).state()).isEqualTo(Trigger.State.CLEAR);
        // a warning is not a failing test
        assertThat(trigger(RollbackTriggers.RLS, g -> g.step("verify", List.of(finding("RLS_NOT_FORCED", Severity.WARNING, "public.a", "no FORCE")),
                tally(2, 2))).state()).isEqualTo(Trigger.State.CLEAR);
        // 3 of 30 not probed could hide more than 5%: not clear
        Trigger partial = trigger(RollbackTriggers.RLS, g -> g.step("verify", List.of(leak), tally(27, 30)));
        assertThat(partial.state()).isEqualTo(Trigger.State.NOT_EVALUATED);
        assertThat(partial.evidence()).contains("3 of 30 tenant tables were not probed");
        // 1 failing of 19 probed is 5.3% of the tests that ran: fired, though it is 5.0% of all 20 tables
        assertThat(trigger(RollbackTriggers.RLS, g -> g.step("verify", List.of(leak), tally(19, 20))).state()).isEqualTo(Trigger.State.FIRED);
        assertThat(trigger(RollbackTriggers.RLS, g -> g.step("verify", List.of(), tally(0, 10))).state()).isEqualTo(Trigger.State.NOT_EVALUATED);
        assertThat(trigger(RollbackTriggers.RLS, g -> g.step("migrate", List.of(), Map.of())).evidence()).isEqualTo("no verify step ran");
    }

    @Test
    void evidenceTheUserAcceptedIsNeverClearAndATallyWithoutAFindingStillFires() {
        // hostile review: RLS disabled on 1 of 14 tables, its findings suppressed: the tally still says so
        Map<String, Object> oneOff = tally(14, 14);
        oneOff.put("rls_enabled", Map.of("passed", 13L, "total", 14L));
        oneOff.put("tables_leaking", Map.of("passed", 1L, "total", 14L));
        Finding accepted = finding("RLS_DISABLED", Severity.ERROR, "public.alerts", "RLS off").suppressedBecause("alerts are public");
        Trigger rls = trigger(RollbackTriggers.RLS, g -> g.step("verify", List.of(accepted), oneOff));
        assertThat(rls.state()).isEqualTo(Trigger.State.ACCEPTED);
        assertThat(rls.evidence()).contains("1 of 14 tenant tables probed fail an RLS test (7.1%): public.alerts (accepted)", "alerts are public");
        assertThat(trigger(RollbackTriggers.RLS, g -> g.step("verify", List.of(), oneOff)).state()).isEqualTo(Trigger.State.FIRED);
        // three orphans with their finding suppressed: accepted; with no finding at all: fired by the count
        Map<String, Object> orphans = tally(2, 2);
        orphans.put("orphans", 3L);
        assertThat(trigger(RollbackTriggers.DATA, g -> g.step("verify", List.of(finding("FK_ORPHANS", Severity.ERROR, "public.a", "3 rows")
                .suppressedBecause("legacy rows")), orphans)).state()).isEqualTo(Trigger.State.ACCEPTED);
        assertThat(trigger(RollbackTriggers.DATA, g -> g.step("verify", List.of(), orphans)).evidence()).contains("orphans 3");
        // smoke inserts 0/13 with no finding: broken, not clear
        Map<String, Object> smoke = tally(2, 2);
        smoke.put("smoke_inserts", Map.of("passed", 0L, "total", 13L));
        assertThat(trigger(RollbackTriggers.FUNCTIONALITY, g -> g.step("verify", List.of(), smoke)).state()).isEqualTo(Trigger.State.FIRED);
        // a query judged ROLLBACK with no finding fires the performance trigger; a bench that judged nothing is not evaluated
        assertThat(trigger(RollbackTriggers.PERFORMANCE, g -> g.step("bench", List.of(), Map.of()).file("ce26_benchmark_results.json",
                GateFixture.benchmark(new Object[] {"q", "ROLLBACK", 1.9}))).state()).isEqualTo(Trigger.State.FIRED);
        assertThat(trigger(RollbackTriggers.PERFORMANCE, g -> g.step("bench", List.of(), Map.of()).file("ce26_benchmark_results.json",
                GateFixture.benchmark())).evidence()).isEqualTo("the benchmark judged no query");
    }

    @Test
    void dataCorruptionFiresOnOrphansOrALostRowAndIsNotEvaluatedWhenTheScanWasBlocked() {
        assertThat(trigger(RollbackTriggers.DATA, g -> g.step("verify", List.of(finding("FK_ORPHANS", Severity.ERROR, "public.a", "3 rows")), tally(2, 2)))
                .state()).isEqualTo(Trigger.State.FIRED);
        assertThat(trigger(RollbackTriggers.DATA, g -> g.step("expect", List.of(finding("ROW_COUNT_CHANGED", Severity.ERROR, "public.a", "100 -> 99")),
                Map.of("passed", 0L, "total", 1L))).evidence()).startsWith("ROW_COUNT_CHANGED public.a");
        Trigger clear = trigger(RollbackTriggers.DATA, g -> g.step("verify", List.of(), tally(2, 2)));
        assertThat(clear.state()).isEqualTo(Trigger.State.CLEAR);
        assertThat(clear.evidence()).contains("orphans 0", "row preservation was not compared");
        Map<String, Object> blocked = tally(2, 2);
        blocked.put("null_tenant_keys", "not scanned");
        assertThat(trigger(RollbackTriggers.DATA, g -> g.step("verify", List.of(), blocked)).state()).isEqualTo(Trigger.State.NOT_EVALUATED);
        assertThat(trigger(RollbackTriggers.DATA, g -> g.step("migrate", List.of(), Map.of())).state()).isEqualTo(Trigger.State.NOT_EVALUATED);
    }

    @Test
    void performanceFiresOnARollbackTriggerAndAQueryWithoutAVerdictLeavesItNotEvaluated() {
        String oneNoVerdict = GateFixture.benchmark(new Object[] {"a", "PASS", 1.0}, new Object[] {"b", "NO_VERDICT", 1.4});
        assertThat(trigger(RollbackTriggers.PERFORMANCE, g -> g.step("bench", List.of(finding("BENCH_ROLLBACK_TRIGGER", Severity.ERROR, "b", "40% slower")),
                Map.of()).file("ce26_benchmark_results.json", oneNoVerdict)).state()).isEqualTo(Trigger.State.FIRED);
        Trigger open = trigger(RollbackTriggers.PERFORMANCE, g -> g.step("bench", List.of(), Map.of()).file("ce26_benchmark_results.json", oneNoVerdict));
        assertThat(open.state()).isEqualTo(Trigger.State.NOT_EVALUATED);
        assertThat(open.evidence()).isEqualTo("1 of 2 queries have a verdict, none 30% slower or more; no verdict for b");
        String decided = GateFixture.benchmark(new Object[] {"a", "PASS", 1.0}, new Object[] {"b", "FAIL_SOFT", 1.12});
        assertThat(trigger(RollbackTriggers.PERFORMANCE, g -> g.step("bench", List.of(), Map.of()).file("ce26_benchmark_results.json", decided))
                .state()).isEqualTo(Trigger.State.CLEAR);
        assertThat(trigger(RollbackTriggers.PERFORMANCE, g -> g.step("bench", List.of(), Map.of())).evidence()).isEqualTo("no bench step ran");
    }

    @Test
    void brokenFunctionalityFiresOnAFailedExpectationOrABrokenQueryAndNeedsSomethingThatRan() {
        assertThat(trigger(RollbackTriggers.FUNCTIONALITY, g -> g.step("expect", List.of(finding("EXPECTATION_FAILED", Severity.ERROR, "x", "0 rows")),
                Map.of("passed", 0L, "total", 1L))).state()).isEqualTo(Trigger.State.FIRED);
        assertThat(trigger(RollbackTriggers.FUNCTIONALITY, g -> g.step("bench", List.of(finding("BENCH_QUERY_BROKEN", Severity.ERROR, "q", "42703")),
                Map.of())).state()).isEqualTo(Trigger.State.FIRED);
        assertThat(trigger(RollbackTriggers.FUNCTIONALITY, g -> g.step("expect", List.of(), Map.of("passed", 3L, "total", 3L))).state())
                .isEqualTo(Trigger.State.CLEAR);
        assertThat(trigger(RollbackTriggers.FUNCTIONALITY, g -> g.step("migrate", List.of(), Map.of())).state()).isEqualTo(Trigger.State.NOT_EVALUATED);
    }

    static Map<String, Object> tally(long probed, long tables) {
        Map<String, Object> m = new LinkedHashMap<>(GateFixture.verifyTally(tables, 0));
        m.put("tables_probed", Map.of("passed", probed, "total", tables));
        return m;
    }
}
