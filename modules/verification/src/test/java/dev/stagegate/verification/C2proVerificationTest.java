package dev.stagegate.verification;

import dev.stagegate.core.example.Example;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.Suppressions;
import dev.stagegate.migration.example.ExampleBuilder;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.expect.ExpectationFile;
import dev.stagegate.verification.expect.ExpectationResult;
import dev.stagegate.verification.fk.ExpectedForeignKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The c2pro example passes every check, with the tally of seeds 000-002. */
class C2proVerificationTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static Example c2pro;
    static VerificationReport report;

    @BeforeAll
    static void verify() throws Exception {
        c2pro = Example.locate("c2pro");
        try (Connection c = db.connect()) {
            new ExampleBuilder(c, line -> { }).build(c2pro, null, 1);
            VerificationConfig config = new VerificationConfig(null, Set.of(c2pro.property("critical.tables").split(",")),
                    ExpectedForeignKey.parseList(c2pro.property("fk.expected")),
                    Integer.parseInt(c2pro.property("fk.minimum")), true, Suppressions.none(), java.util.Map.of());
            report = Verifier.verify(c, config, s -> ExpectationFile.read(c2pro.dir().resolve("expectations.txt"), s));
        }
    }

    @Test
    void passesEveryCheck() {
        assertThat(report.failing()).as(report.toMarkdown()).isEmpty();
        assertThat(report.passed()).isTrue();
        assertThat(report.steps()).extracting(StepResult::step)
                .containsExactly("rls-coverage", "isolation", "foreign-keys", "integrity", "expectations");
    }

    @Test
    void discoversTheTenantModelFromThePolicies() {
        assertThat(report.tenant().column()).isEqualTo("tenant_id");
        assertThat(report.tenant().setting()).isEqualTo("app.current_tenant");
        assertThat(report.tenant().tenantTable()).isEqualTo("tenants");
    }

    @Test
    void tallyReadsLikeTheSeeds() {
        assertThat(report.tally()).containsEntry("rls_enabled", "14/14").containsEntry("with_policy", "14/14")
                .containsEntry("forced_critical", "4/4").containsEntry("tables_probed", "14/14").containsEntry("tables_isolated", "14/14")
                .containsEntry("fk_count", "31/15 minimum").containsEntry("orphans", 0L).containsEntry("null_tenant_keys", 0L)
                .containsEntry("future_timestamps", 0L).containsEntry("cross_tenant_links", 0L).containsEntry("smoke_inserts", "13/13")
                .containsEntry("isolation_run_valid", true).containsEntry("on_delete_rehearsed", "31/31");
        assertThat(report.expectations()).allMatch(ExpectationResult::passed);
        assertThat(report.tally().get("expectations")).isEqualTo(report.expectations().size() + "/" + report.expectations().size());
    }

    @Test
    void theNonCriticalTablesShowTheOwnerBypassAsWarnings() {
        List<Finding> isolation = report.steps().get(1).findings();
        assertThat(isolation).filteredOn(f -> f.code().equals("OWNER_BYPASS")).hasSize(10).noneMatch(Finding::fails);
        assertThat(isolation).anySatisfy(f -> assertThat(f.code()).isEqualTo("PROBE_ROLE_PROVEN"));
        assertThat(report.toMarkdown()).contains("**Result: PASS**").contains("| tables isolated | 14/14 |");
    }
}
