package dev.stagegate.console.cli;

import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * verify's tenancy options as a user gives them: a database without tenancy is a valid target, a
 * stated part of the model never loses the rest, platform schemas stay out unless named, and an
 * option that names nothing is refused rather than ignored.
 */
class VerifyTenancyCliTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @RegisterExtension
    static final TestDatabase plain = new TestDatabase();

    @TempDir
    Path tmp;

    @BeforeAll
    static void schemas() throws Exception {
        plain.execute("""
                CREATE TABLE folders (id bigint PRIMARY KEY, parent_id bigint REFERENCES folders (id));
                CREATE INDEX ON folders (parent_id);
                """);
        db.execute("""
                CREATE SCHEMA auth;
                CREATE TABLE auth.sessions (id bigint PRIMARY KEY, org_id bigint);
                ALTER TABLE auth.sessions ENABLE ROW LEVEL SECURITY;
                CREATE POLICY open ON auth.sessions USING (true);
                CREATE TABLE orgs (org_key bigint PRIMARY KEY, name text NOT NULL);
                CREATE TABLE notes (id bigint PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs (org_key), body text);
                CREATE INDEX ON notes (org_id);
                ALTER TABLE orgs ENABLE ROW LEVEL SECURITY;
                ALTER TABLE orgs FORCE ROW LEVEL SECURITY;
                ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
                ALTER TABLE notes FORCE ROW LEVEL SECURITY;
                CREATE POLICY own ON orgs USING (org_key = nullif(current_setting('app.org', true), '')::bigint);
                CREATE POLICY own ON notes USING (org_id = nullif(current_setting('app.org', true), '')::bigint);
                CREATE SCHEMA reporting;
                CREATE TABLE reporting.copy (id bigint PRIMARY KEY, org_id bigint);
                ALTER TABLE reporting.copy ENABLE ROW LEVEL SECURITY;
                CREATE POLICY open ON reporting.copy USING (true);
                """);
    }

    private static String url(TestDatabase d) {
        return d.jdbcUrl() + "?user=" + d.user();
    }

    private CliRun verify(TestDatabase d, String... more) {
        String[] args = new String[more.length + 5];
        args[0] = "verify";
        args[1] = "--url";
        args[2] = url(d);
        args[3] = "--evidence";
        args[4] = tmp.toString();
        System.arraycopy(more, 0, args, 5, more.length);
        return CliRun.of(args);
    }

    @Test
    void aDatabaseWithoutTenancyIsVerifiedAndTheRlsFamiliesAreSkipped() {
        CliRun run = verify(plain);
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(5);
        assertThat(run.out()).containsPattern("rls-coverage\\s+SKIPPED").containsPattern("isolation\\s+SKIPPED")
                .containsPattern("foreign-keys\\s+PASSED").containsPattern("integrity\\s+PASSED").contains("no tenant model")
                .contains("VERIFICATION INCOMPLETE");
    }

    @Test
    void aNeverAnalysedDatabaseSaysSoRatherThanZeroRows() {
        CliRun run = CliRun.of("snapshot", "--url", url(plain), "--evidence", tmp.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("not analysed: run ANALYZE, or snapshot --exact").doesNotContain("(estimated)");
    }

    @Test
    void theModelIsDiscoveredWithAKeyThatIsNotIdAndPlatformAndExcludedSchemasStayOut() {
        CliRun run = verify(db, "--exclude-schema", "reporting");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("tables isolated          2/2").contains("orgs.org_key").doesNotContain("auth.sessions")
                .doesNotContain("reporting.copy");
    }

    @Test
    void aSchemaNamedIsCheckedEvenWhenItIsAPlatformOne() {
        CliRun run = verify(db, "--schema", "public,auth", "--no-probe");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("auth.sessions").doesNotContain("reporting.copy");
        CliRun all = verify(db, "--no-probe");
        assertThat(all.out()).contains("reporting.copy").doesNotContain("auth.sessions");
    }

    @Test
    void statingOnePartKeepsTheRestOfDiscovery() {
        // the column alone: setting and tenant table still come from the policies
        CliRun run = verify(db, "--tenant-column", "org_id", "--exclude-schema", "reporting");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("tables isolated          2/2").contains("partly configured");
        // a qualified tenant table is the same table
        CliRun qualified = verify(db, "--tenant-table", "public.orgs", "--tenant-key", "org_key", "--exclude-schema", "reporting");
        assertThat(qualified.exitCode()).as(qualified.out() + qualified.err()).isZero();
        assertThat(qualified.out()).contains("rls enabled              2/2").contains("tables isolated          2/2");
    }

    @Test
    void optionsThatNameNothingAreRefusedNotIgnored() {
        assertThat(verify(db, "--row-template", "nosuch.col=1").err()).contains("--row-template nosuch.col names no column");
        assertThat(verify(db, "--row-template", "nosuch.col=1").exitCode()).isEqualTo(2);
        CliRun table = verify(db, "--tenant-table", "no_such_table");
        assertThat(table.exitCode()).isEqualTo(2);
        assertThat(table.err()).contains("the tenant table no_such_table does not exist");
        CliRun both = verify(db, "--tenant-setting", "app.org", "--tenant-claim", "sub");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("not both");
        CliRun membership = verify(db, "--membership", "members");
        assertThat(membership.exitCode()).isEqualTo(2);
        assertThat(membership.err()).contains("is not table(user_column, tenant_column)");
        // the hostile review's names that named nothing and were ignored, or crashed
        refused(verify(db, "--tenant-claim", ""), "is not a claim name");
        refused(verify(db, "--tenant-claim", "app_metadata->org_id"), "is not a claim name");
        refused(verify(db, "--membership", "public.nosuch(user_id, org_id)"), "the membership table public.nosuch does not exist");
        refused(verify(db, "--tenant-column", "nosuch"), "--tenant-column nosuch: no table has that column");
        refused(verify(db, "--tenant-key", "nosuch"), "has no column nosuch");
        refused(verify(db, "--schema", "nosuch"), "--schema nosuch: no such schema");
        refused(verify(db, "--exclude-schema", "nosuch"), "--exclude-schema nosuch: no such schema");
        refused(verify(db, "--critical", "nosuch"), "--critical nosuch: no such table");
        refused(verify(plain, "--tenant-column", "parent_id"), "stated only in part");
    }

    @Test
    void aRoleThatIsNotSuperuserGetsFindingsNotACrash() throws Exception {
        db.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sg_reader') THEN CREATE ROLE sg_reader LOGIN; END IF; END $$; "
                + "GRANT SELECT ON ALL TABLES IN SCHEMA public TO sg_reader");
        CliRun run = CliRun.of("verify", "--url", db.jdbcUrl() + "?user=sg_reader", "--evidence", tmp.toString(), "--exclude-schema", "reporting");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("PROBE_ROLE_UNAVAILABLE").contains("INTEGRITY_SCAN_BLOCKED");
        assertThat(run.err()).doesNotContain("SG-INTERNAL");
    }

    private static void refused(CliRun run, String message) {
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(2);
        assertThat(run.err()).contains(message).doesNotContain("SG-INTERNAL");
    }

    @Test
    void statedTableKeepsItsKeyQualifiedCriticalAndRowTemplatesApply() {
        CliRun table = verify(db, "--tenant-table", "orgs", "--exclude-schema", "reporting");
        assertThat(table.exitCode()).as(table.out() + table.err()).isZero();
        assertThat(table.out()).contains("tables isolated          2/2");
        CliRun critical = verify(db, "--critical", "public.orgs", "--exclude-schema", "reporting");
        assertThat(critical.out()).contains("forced critical          1/1");
        // a schema-qualified template is used (this one fails on purpose, so it shows it ran)
        CliRun template = verify(db, "--row-template", "public.notes.body=(1/0)::text", "--exclude-schema", "reporting");
        assertThat(template.exitCode()).isEqualTo(1);
        assertThat(template.out()).contains("division by zero");
    }
}
