package dev.stagegate.verification.tenancy;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.VerificationConfig;
import dev.stagegate.verification.VerificationReport;
import dev.stagegate.verification.Verifier;
import dev.stagegate.verification.tenant.Identity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Supabase-style project (tenancy/supabase.sql): JWT claims, auth.uid(), membership through
 * account_members read by SECURITY DEFINER helpers, policies TO authenticated, rows made by a
 * trigger, CHECKs the row factory must ask the server about, platform schemas. With no option,
 * verify must find the model, probe every application table, find the three planted leaks, and
 * call nothing else CRITICAL or ERROR.
 */
class SupabaseTenancyTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static VerificationReport report;

    static String sql(String resource) throws Exception {
        try (var in = SupabaseTenancyTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void verify() throws Exception {
        db.execute(sql("/tenancy/supabase.sql"));
        try (Connection c = db.connect()) {
            report = Verifier.verify(c, VerificationConfig.discover(), null);
        }
    }

    private static List<Finding> all() {
        return report.steps().stream().flatMap(s -> s.findings().stream()).toList();
    }

    @Test
    void theMembershipModelIsDiscoveredFromThePoliciesAndTheirHelpers() {
        assertThat(report.tenant().column()).isEqualTo("account_id");
        assertThat(report.tenant().identity()).isEqualTo(Identity.claim("sub"));
        assertThat(report.tenant().membership()).isNotNull();
        assertThat(report.tenant().membership().table()).isEqualTo("public.account_members");
        assertThat(report.tenant().membership().userColumn()).isEqualTo("user_id");
        assertThat(report.tenant().tenantTable()).isEqualTo("public.accounts");
        assertThat(report.tally()).containsEntry("application_role", "authenticated");
    }

    @Test
    void thePlantedLeaksAreFound() {
        assertThat(all()).filteredOn(f -> f.object().equals("public.invites")).extracting(Finding::code).contains("LEAK_READ");
        assertThat(all()).filteredOn(f -> f.object().equals("public.feedback")).extracting(Finding::code).contains("LEAK_INSERT");
        // UPDATE USING (user_id = auth.uid()) with no WITH CHECK: a member moves a note into an account they are not in
        assertThat(all()).filteredOn(f -> f.object().equals("public.notes")).extracting(Finding::code).contains("LEAK_MOVE");
    }

    @Test
    void privateAndPublicTablesAreWhatTheyAreMeantToBe() {
        assertThat(all()).filteredOn(f -> f.object().equals("public.account_secrets") && f.code().equals("RLS_NO_POLICY"))
                .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        assertThat(all()).filteredOn(f -> f.object().startsWith("public.profiles.") && f.code().equals("POLICY_ALWAYS_TRUE"))
                .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        assertThat(report.tally()).containsEntry("tables_deny_all", dev.stagegate.verification.result.Count.of(1, 9))
                .containsEntry("tables_public_read", dev.stagegate.verification.result.Count.of(1, 9));
    }

    @Test
    void nothingElseIsCalledCriticalOrAnError() {
        assertThat(all()).filteredOn(f -> f.severity() == Severity.CRITICAL || f.severity() == Severity.ERROR)
                .allSatisfy(f -> assertThat(f.object()).matches("public\\.(invites|feedback|notes).*"));
    }

    @Test
    void platformSchemasAreOutOfScope() {
        assertThat(all()).noneMatch(f -> f.object().startsWith("storage.") || f.object().startsWith("auth."));
    }

    @Test
    void isolationIsDemonstratedOnEveryOtherTableWithAPolicy() {
        assertThat(report.tally()).containsEntry("tables_not_probed", dev.stagegate.verification.result.Count.of(0, 9))
                .containsEntry("tables_not_demonstrated", dev.stagegate.verification.result.Count.of(0, 9))
                .containsEntry("tables_isolated", dev.stagegate.verification.result.Count.of(4, 9))
                .containsEntry("tables_leaking", dev.stagegate.verification.result.Count.of(3, 9))
                .containsEntry("smoke_inserts", dev.stagegate.verification.result.Count.of(6, 6));
    }
}
