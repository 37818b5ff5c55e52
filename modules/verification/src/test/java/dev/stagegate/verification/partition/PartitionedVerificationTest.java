package dev.stagegate.verification.partition;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.Suppressions;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.VerificationConfig;
import dev.stagegate.verification.VerificationReport;
import dev.stagegate.verification.Verifier;
import dev.stagegate.verification.tenant.TenantModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** verify on partitioned tables: drift in the RLS and key steps, the orphan behind a missing key, one finding per table. */
class PartitionedVerificationTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static VerificationReport report;

    @BeforeAll
    static void verify() throws Exception {
        db.execute(PartitionedSchemas.ACCOUNTS + PartitionedSchemas.DRIFTING + PartitionedSchemas.CORRECT);
        TenantModel model = new TenantModel("account_id", "app.current_tenant", "accounts", "id", Set.of());
        try (Connection c = db.connect()) {
            report = Verifier.verify(c, new VerificationConfig(model, Set.of(), List.of(), 0, false, Suppressions.none(), Map.of()), null);
        }
    }

    private static List<Finding> step(String name) {
        return report.steps().stream().filter(st -> st.step().equals(name)).findFirst().map(StepResult::findings).orElseThrow();
    }

    @Test
    void rlsDriftIsInTheRlsStep() {
        assertThat(step("rls-coverage")).filteredOn(f -> f.code().equals("PARTITION_RLS_OFF")).singleElement().satisfies(f -> {
            assertThat(f.object()).isEqualTo("public.events_2024");
            assertThat(f.message()).contains("bypasses the parent's policies");
        });
        assertThat(step("rls-coverage")).filteredOn(f -> f.code().equals("PARTITION_DRIFT")).extracting(Finding::object)
                .containsExactlyInAnyOrder("public.events_2026 policy tenant_isolation (ALL)", "public.audit");
    }

    @Test
    void keyDriftAndTheOrphanItLetInAreInTheKeyStep() {
        List<Finding> fk = step("foreign-keys");
        assertThat(fk).filteredOn(f -> f.code().equals("PARTITION_DRIFT")).extracting(Finding::object, Finding::severity)
                .containsExactlyInAnyOrder(tuple("public.events", Severity.ERROR),
                        tuple("public.readings_b index(device_id)", Severity.WARNING));
        Finding drift = fk.stream().filter(f -> f.code().equals("PARTITION_DRIFT") && f.object().equals("public.events")).findFirst().orElseThrow();
        assertThat(drift.message()).startsWith("on partitions public.events_2023, public.events_2025 of public.events: ")
                .contains("public.events_2023 lacks the foreign key [account_id] -> public.accounts", "public.events_2025 has no index on (account_id)");
        assertThat(fk).filteredOn(f -> f.code().equals("FK_ORPHANS")).singleElement().satisfies(f -> {
            assertThat(f.object()).isEqualTo("public.events_2023 fk(account_id)->public.accounts");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        });
        assertThat(report.tally()).containsEntry("orphans", 1L);
    }

    @Test
    void eachStepSaysOneThingOncePerPartitionedTable() {
        Partitions p = Partitions.of(snapshot());
        for (StepResult st : report.steps()) {
            Map<String, Long> perTree = st.findings().stream()
                    .map(f -> PartitionGrouping.tableOf(p, f.object()).filter(t -> t.partitionOf() != null).map(t -> f.code() + " " + p.root(t).qualified()))
                    .flatMap(Optional::stream).collect(Collectors.groupingBy(k -> k, Collectors.counting()));
            assertThat(perTree).as(st.step()).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
        }
        assertThat(report.steps()).flatExtracting(StepResult::findings)
                .noneMatch(f -> f.object().startsWith("public.orders") && !f.object().startsWith("public.orders_archive")
                        && f.code().startsWith("PARTITION_"));
    }

    private static SchemaSnapshot snapshot() {
        try (Connection c = db.connect()) {
            return new CatalogReader(c).read(false);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
