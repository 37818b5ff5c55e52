package dev.stagegate.verification.tenancy;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.VerificationConfig;
import dev.stagegate.verification.VerificationReport;
import dev.stagegate.verification.Verifier;
import dev.stagegate.verification.result.Count;
import dev.stagegate.verification.tenant.Identity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostGraphile-style starter (tenancy/postgraphile.sql): the identity is a session id setting, the
 * user is looked up in app_private.sessions, organizations through memberships, integer keys,
 * helpers only the visitor may execute, a deny-all private table. Verified as the visitor role.
 */
class PostGraphileTenancyTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static VerificationReport report;

    @BeforeAll
    static void verify() throws Exception {
        db.execute(SupabaseTenancyTest.sql("/tenancy/postgraphile.sql"));
        try (Connection c = db.connect()) {
            report = Verifier.verify(c, VerificationConfig.discover().withApplicationRole("graphile_visitor"), null);
        }
    }

    private static List<Finding> all() {
        return report.steps().stream().flatMap(s -> s.findings().stream()).toList();
    }

    @Test
    void theModelGoesThroughTheSessionTable() {
        assertThat(report.tenant().identity()).isEqualTo(Identity.setting("jwt.claims.session_id"));
        assertThat(report.tenant().membership()).isNotNull();
        assertThat(report.tenant().describe()).contains("app_private.sessions");
    }

    @Test
    void thePlantedLeakIsFound() {
        assertThat(all()).filteredOn(f -> f.object().equals("public.comments") || f.object().equals("app_public.comments"))
                .extracting(Finding::code).contains("LEAK_UPDATE");
    }

    @Test
    void nothingElseIsCalledCriticalOrAnError() {
        assertThat(all()).filteredOn(f -> f.severity() == Severity.CRITICAL || f.severity() == Severity.ERROR)
                .allSatisfy(f -> assertThat(f.object()).startsWith("app_public.comments"));
    }

    @Test
    void everyTableWithAPolicyIsProbed() {
        assertThat(report.tally()).containsEntry("tables_not_probed", Count.of(0, 8))
                .containsEntry("tables_not_demonstrated", Count.of(0, 8));
    }
}
