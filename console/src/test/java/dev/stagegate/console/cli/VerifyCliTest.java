package dev.stagegate.console.cli;

import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class VerifyCliTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path tmp;

    @BeforeAll
    static void leakySchema() throws Exception {
        db.execute("""
                CREATE TABLE accounts (id bigint PRIMARY KEY);
                CREATE TABLE notes (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id), body text);
                CREATE INDEX ON notes (account_id);
                ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
                ALTER TABLE notes FORCE ROW LEVEL SECURITY;
                CREATE POLICY by_account ON notes USING (account_id = current_setting('app.account', true)::bigint OR true);
                """);
    }

    private String url() {
        return db.jdbcUrl() + "?user=" + db.user();
    }

    @Test
    void c2proPassesWithTheSeedTally() {
        assertThat(CliRun.of("example", "c2pro").exitCode()).isZero();
        CliRun run = CliRun.of("verify", "--example", "c2pro", "--evidence", tmp.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("rls enabled            14/14").contains("tables isolated        14/14")
                .contains("orphans                0").contains("VERIFICATION PASSED").contains("verification_report.md");
    }

    @Test
    void aLeakIsANoGoWithItsProof() {
        CliRun run = CliRun.of("verify", "--url", url(), "--evidence", tmp.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("LEAK_READ").contains("POLICY_ALWAYS_TRUE").contains("VERIFICATION FAILED");
    }

    @Test
    void skippingProbesIsShownAsSkippedNeverAsPassed() {
        CliRun run = CliRun.of("verify", "--url", url(), "--no-probe", "--evidence", tmp.toString());
        assertThat(run.out()).containsPattern("isolation\\s+SKIPPED");
    }

    @Test
    void suppressedFindingsNeedAReasonAndStopFailing() throws Exception {
        Path file = tmp.resolve("suppressions.properties");
        Files.writeString(file, "POLICY_ALWAYS_TRUE\\:public.notes.by_account = legacy admin view, ticket SEC-42\n"
                + "LEAK_READ\\:public.notes = same\nLEAK_UPDATE\\:public.notes = same\nLEAK_DELETE\\:public.notes = same\n");
        CliRun run = CliRun.of("verify", "--url", url(), "--suppressions", file.toString(), "--evidence", tmp.toString());
        assertThat(run.out()).contains("suppressed: legacy admin view, ticket SEC-42");
        Files.writeString(file, "LEAK_READ\\:public.notes =\n");
        CliRun bad = CliRun.of("verify", "--url", url(), "--suppressions", file.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.errorLine()).contains("needs a reason");
    }
}
