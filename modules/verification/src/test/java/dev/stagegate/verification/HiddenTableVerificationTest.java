package dev.stagegate.verification;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.testkit.TestDatabase;
import dev.stagegate.verification.result.Count;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review §2.1/§2.2's "hidden" database: notes with FORCE RLS, an INSERT policy pinned to the tenant
 * and a SELECT policy {@code USING (false AND ...)}, so nobody can ever read a note back. It used to
 * end in VERIFICATION PASSED with "tables isolated 2/2" and "smoke inserts 1/1".
 */
class HiddenTableVerificationTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static VerificationReport report;

    @BeforeAll
    static void verify() throws Exception {
        db.execute("""
                CREATE TABLE accounts (id uuid PRIMARY KEY, name text NOT NULL);
                ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
                ALTER TABLE accounts FORCE ROW LEVEL SECURITY;
                CREATE POLICY own ON accounts USING (id = nullif(current_setting('app.account', true), '')::uuid)
                    WITH CHECK (id = nullif(current_setting('app.account', true), '')::uuid);
                CREATE TABLE notes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    account_id uuid NOT NULL REFERENCES accounts (id), body text);
                CREATE INDEX ON notes (account_id);
                ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
                ALTER TABLE notes FORCE ROW LEVEL SECURITY;
                CREATE POLICY notes_insert ON notes FOR INSERT
                    WITH CHECK (account_id = nullif(current_setting('app.account', true), '')::uuid);
                CREATE POLICY notes_select ON notes FOR SELECT
                    USING (false AND account_id = nullif(current_setting('app.account', true), '')::uuid);
                """);
        try (Connection c = db.connect()) {
            report = Verifier.verify(c, VerificationConfig.discover(), null);
        }
    }

    @Test
    void aTableNobodyCanReadBackNeverPasses() {
        assertThat(report.passed()).isFalse();
        assertThat(report.toMarkdown()).contains("**Result: FAIL**");
        assertThat(report.tenant().tenantTable()).isEqualTo("public.accounts");
    }

    @Test
    void theIsolationStepFailsBecauseTheTableIsNotDemonstrated() {
        StepResult isolation = report.steps().stream().filter(s -> s.step().equals("isolation")).findFirst().orElseThrow();
        assertThat(isolation.status()).isEqualTo(StepStatus.FAILED);
        assertThat(isolation.failing()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("PROBE_OWN_ROW_HIDDEN");
            assertThat(f.object()).isEqualTo("public.notes");
        });
        assertThat(report.tally()).containsEntry("tables_isolated", Count.of(1, 2)).containsEntry("tables_not_demonstrated", Count.of(1, 2))
                .containsEntry("tables_leaking", Count.of(0, 2)).containsEntry("owner_bypass", Count.of(0, 2))
                .containsEntry("tables_probed", Count.of(2, 2));
    }

    @Test
    void theSmokeInsertUnderRlsCannotReadItsRowBack() {
        StepResult integrity = report.steps().stream().filter(s -> s.step().equals("integrity")).findFirst().orElseThrow();
        assertThat(integrity.status()).isEqualTo(StepStatus.FAILED);
        assertThat(integrity.findings()).extracting(Finding::code, Finding::object)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("SMOKE_INSERT_INVISIBLE", "public.notes"));
        assertThat(report.tally()).containsEntry("smoke_inserts", Count.of(0, 1));
    }

    @Test
    void nothingElseIsWrongWithTheSchema() {
        assertThat(report.steps()).filteredOn(s -> !s.step().equals("isolation") && !s.step().equals("integrity"))
                .allSatisfy(s -> assertThat(s.failing()).as(s.step()).isEmpty());
    }
}
