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
    void verifyComparesTheRowsCapturedBeforeTableByTable() throws Exception {
        Path rows = tmp.resolve("rows.json");
        CliRun snap = CliRun.of("snapshot", "--example", "c2pro", "--rows", rows.toString(), "--content");
        assertThat(snap.exitCode()).as(snap.err()).isZero();
        CliRun kept = CliRun.of("verify", "--example", "c2pro", "--no-probe", "--preserved-since", rows.toString(), "--evidence", tmp.toString());
        assertThat(kept.out()).as(kept.out() + kept.err()).contains("tables preserved         14/14").containsPattern("preservation\\s+PASSED");
        // one row fewer in alerts, an edited project (whose audit trigger adds a row to audit_logs): all three
        // named, nothing cancels
        CliRun change = CliRun.of("run", script("change.groovy", "connect '" + dev.stagegate.embedded.EmbeddedPostgresServer.shared().jdbcUrl("c2pro") + "?user=postgres'\n"
                + "sql \"DELETE FROM alerts WHERE id = (SELECT id FROM alerts ORDER BY id LIMIT 1)\"\n"
                + "sql \"UPDATE projects SET name = name || '!' WHERE id = (SELECT id FROM projects ORDER BY id LIMIT 1)\"\n").toString(),
                "--evidence", tmp.toString());
        assertThat(change.exitCode()).as(change.out() + change.err()).isEqualTo(5);
        CliRun lost = CliRun.of("verify", "--example", "c2pro", "--preserved-since", rows.toString(), "--evidence", tmp.toString());
        assertThat(lost.exitCode()).isEqualTo(1);
        assertThat(lost.out()).contains("ROW_COUNT_CHANGED").contains("public.alerts").contains("CONTENT_CHANGED").contains("public.projects")
                .contains("ROW_COUNT_CHANGED").contains("public.audit_logs").contains("tables preserved         11/14");
        // a capture of an empty database compares nothing: not tested, never passed
        Path empty = tmp.resolve("empty.json");
        Files.writeString(empty, "{\"mode\":\"COUNTS\",\"tables\":{}}");
        CliRun vacuous = CliRun.of("verify", "--example", "c2pro", "--preserved-since", empty.toString(), "--evidence", tmp.toString());
        assertThat(vacuous.out()).containsPattern("preservation\\s+NOT_TESTED").doesNotContain("VERIFICATION PASSED");
    }

    private Path script(String name, String body) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, body);
        return p;
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
