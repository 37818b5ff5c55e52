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
        // 4 FORCEd tables are isolated from everyone; the other 10 from every role but their owner, and no
        // application role was named, so they are counted apart, not as isolated
        assertThat(run.out()).contains("rls enabled              14/14").contains("tables isolated          4/14")
                .contains("owner bypass             10/14").contains("tables not demonstrated  0/14").contains("tables leaking           0/14")
                .contains("orphans                  0").contains("on delete rehearsed      31/31").contains("smoke inserts            13/13")
                .contains("VERIFICATION PASSED").contains("verification_report.md");
    }

    @Test
    void aLeakIsANoGoWithItsProof() {
        CliRun run = CliRun.of("verify", "--url", url(), "--evidence", tmp.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("LEAK_READ").contains("POLICY_ALWAYS_TRUE").contains("VERIFICATION FAILED");
    }

    @Test
    void skippingProbesOnAPassingSchemaIsIncompleteNeverPassed() {
        assertThat(CliRun.of("example", "c2pro").exitCode()).isZero();
        CliRun run = CliRun.of("verify", "--example", "c2pro", "--no-probe", "--evidence", tmp.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(5);
        assertThat(run.out()).containsPattern("isolation\\s+SKIPPED").doesNotContain("VERIFICATION PASSED")
                .contains("VERIFICATION INCOMPLETE: isolation SKIPPED");
    }

    @Test
    void suppressionsInTheDocumentedFormApplyAndUnusedOnesAreWarned() throws Exception {
        Path file = tmp.resolve("accepted.txt");
        Files.writeString(file, """
                # accepted findings, CODE:object = reason
                POLICY_ALWAYS_TRUE:public.notes.by_account = legacy admin view, ticket SEC-42
                LEAK_READ:public.notes = same
                LEAK_UPDATE:public.notes = same
                LEAK_DELETE:public.notes = same
                RLS_DISABLED:public.no_such_table = a typo nobody noticed
                """);
        CliRun run = CliRun.of("verify", "--url", url(), "--suppressions", file.toString(), "--evidence", tmp.toString());
        assertThat(run.out()).contains("suppressed: legacy admin view, ticket SEC-42").contains("SUPPRESSION_UNUSED")
                .contains("RLS_DISABLED:public.no_such_table");
        assertThat(run.out()).doesNotContain("POLICY_ALWAYS_TRUE:public.notes.by_account\n");
        Files.writeString(file, "LEAK_READ:public.notes =\n");
        CliRun bad = CliRun.of("verify", "--url", url(), "--suppressions", file.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.errorLine()).contains("accepted.txt line 1").contains("CODE:object = why it is accepted");
    }
}
