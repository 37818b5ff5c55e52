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
import dev.stagegate.verification.result.Count;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The c2pro example passes every check, with the tally of seeds 000-002. */
class C2proVerificationTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static Example c2pro;
    static VerificationConfig config;
    static VerificationReport report;

    @BeforeAll
    static void verify() throws Exception {
        c2pro = Example.locate("c2pro");
        try (Connection c = db.connect()) {
            new ExampleBuilder(c, line -> { }).build(c2pro, null, 1);
            config = new VerificationConfig(null, Set.of(c2pro.property("critical.tables").split(",")),
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
        assertThat(report.tenant().tenantTable()).isEqualTo("public.tenants");
    }

    @Test
    void tallyReadsLikeTheSeedsInNumbers() {
        assertThat(report.tally()).containsEntry("tenant_tables", 14L).containsEntry("rls_enabled", Count.of(14, 14))
                .containsEntry("with_policy", Count.of(14, 14)).containsEntry("forced_critical", Count.of(4, 4))
                .containsEntry("tables_probed", Count.of(14, 14))
                // Only the four FORCEd tables are shown isolated: without an application role nobody can say
                // the app is not the owner of the other ten, which the owner reads across tenants.
                .containsEntry("tables_isolated", Count.of(4, 14)).containsEntry("owner_bypass", Count.of(10, 14))
                .containsEntry("tables_leaking", Count.of(0, 14)).containsEntry("tables_not_demonstrated", Count.of(0, 14))
                .containsEntry("tables_not_probed", Count.of(0, 14)).containsEntry("isolation_run_valid", true)
                .containsEntry("fk_count", 31L).containsEntry("fk_minimum", 15L).containsEntry("orphans", 0L)
                .containsEntry("on_delete_rehearsed", Count.of(31, 31)).containsEntry("null_tenant_keys", 0L)
                .containsEntry("future_timestamps", 0L).containsEntry("cross_tenant_links", 0L)
                .containsEntry("smoke_inserts", Count.of(13, 13)).containsEntry("expectations", Count.of(31, 31));
    }

    @Test
    void everyExpectationOfTheFileRanAndPassed() {
        // 19 check lines; the two "table a b c" lines expand to one result per table (9 + 5).
        List<String> tables = List.of("tenants", "users", "projects", "documents", "clauses", "analyses", "alerts", "extractions",
                "stakeholders", "wbs_items", "bom_items", "stakeholder_wbs_raci", "ai_usage_logs", "audit_logs");
        List<String> expected = new java.util.ArrayList<>(tables.stream().map(t -> "table " + t + " exists").toList());
        expected.addAll(List.of("tables = 14", "migration 005 creates audit_logs", "rls enabled tables = 14", "policies >= 14",
                "policy tenant_isolation on projects exists", "foreign keys >= 15", "clause for a missing document is refused",
                "column clauses.clause_number exists", "column clauses.content exists", "column clauses.clause_type exists",
                "test clause insertion", "all alerts linked to valid analyses", "alert source clauses belong to the analysed document",
                "alert severity outside low..critical is refused", "function audit_row_change exists",
                "trigger audit_projects on projects exists", "project update is audited"));
        assertThat(report.expectations()).extracting(ExpectationResult::label).containsExactlyElementsOf(expected);
        assertThat(report.expectations()).hasSize(31).allMatch(ExpectationResult::passed);
    }

    @Test
    void theNonCriticalTablesShowTheOwnerBypassAsWarnings() {
        List<Finding> isolation = report.steps().get(1).findings();
        assertThat(isolation).filteredOn(f -> f.code().equals("OWNER_BYPASS")).hasSize(10).noneMatch(Finding::fails);
        assertThat(isolation).filteredOn(f -> f.code().equals("PROBE_ROLE_PROVEN")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("superuser=false, bypassrls=false"));
        assertThat(report.toMarkdown()).contains("**Result: PASS**").contains("| tables isolated | 4/14 |").contains("| owner bypass | 10/14 |");
    }

    @Test
    void anApplicationRoleThatIsNotTheOwnerShowsAllFourteenIsolated() throws Exception {
        db.execute("DROP ROLE IF EXISTS c2pro_app; CREATE ROLE c2pro_app NOLOGIN");
        VerificationReport r;
        try (Connection c = db.connect()) {
            r = Verifier.verify(c, config.withApplicationRole("c2pro_app"), null);
        }
        assertThat(r.failing()).as(r.toMarkdown()).isEmpty();
        assertThat(r.tally()).containsEntry("tables_isolated", Count.of(14, 14)).containsEntry("owner_bypass", Count.of(0, 14));
    }

    @Test
    void anApplicationConnectingAsTheOwnerIsNotIsolatedOnTheTenUnforcedTables() throws Exception {
        String owner;
        try (Connection c = db.connect(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT tableowner FROM pg_tables WHERE tablename = 'clauses'")) {
            rs.next();
            owner = rs.getString(1);
        }
        db.execute("DROP ROLE IF EXISTS c2pro_owner_app; CREATE ROLE c2pro_owner_app NOLOGIN IN ROLE \"" + owner + "\"");
        VerificationReport r;
        try (Connection c = db.connect()) {
            r = Verifier.verify(c, config.withApplicationRole("c2pro_owner_app"), null);
        }
        assertThat(r.passed()).isFalse();
        assertThat(r.failing()).extracting(Finding::code).containsOnly("APPLICATION_ROLE_OWNS_TABLE").hasSize(10);
        assertThat(r.tally()).containsEntry("tables_isolated", Count.of(4, 14)).containsEntry("tables_not_demonstrated", Count.of(10, 14));
    }
}
