package dev.stagegate.console.cli;

import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `stagegate rehearse`: the migrations run on a disposable copy, the target is only read (its
 * fingerprints equal before and after, its version unchanged), a failure on the copy says what
 * would have happened, and a source in use is copied by dump and restore instead of TEMPLATE.
 */
class RehearseCommandTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path tmp;

    @Test
    void theExampleIsRehearsedOnACopyAndTheTargetStaysWhereItWas() {
        assertThat(CliRun.of("example", "c2pro", "--to", "001").exitCode()).isZero();
        CliRun run = CliRun.of("rehearse", "--example", "c2pro", "--evidence", tmp.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("made by template").contains("the target is unchanged").contains("rehearsed 001 -> 005 on the copy")
                .contains("dry_run_output.log");
        assertThat(CliRun.of("status", "--example", "c2pro").out()).contains("4 pending");
        CliRun nothing = CliRun.of("rehearse", "--example", "c2pro", "--to", "001", "--evidence", tmp.toString());
        assertThat(nothing.exitCode()).isZero();
        assertThat(nothing.out()).contains("nothing is pending: the target is at 001");
        CliRun unknown = CliRun.of("rehearse", "--example", "c2pro", "--to", "007", "--evidence", tmp.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.out()).doesNotContain("copy ");
    }

    @Test
    void aMigrationThatFailsOnTheCopyLeavesTheTargetUntouched() throws Exception {
        Path m = tmp.resolve("m");
        Files.createDirectories(m);
        Files.writeString(m.resolve("001_init.sql"), "CREATE TABLE rh_a (id int PRIMARY KEY);\nINSERT INTO rh_a VALUES (1);\n");
        Files.writeString(m.resolve("001_init.rollback.sql"), "DROP TABLE rh_a;\n");
        Files.writeString(m.resolve("002_breaks.sql"), "ALTER TABLE rh_a ADD COLUMN b int;\nSELECT 1/0;\n");
        Files.writeString(m.resolve("002_breaks.rollback.sql"), "ALTER TABLE rh_a DROP COLUMN b;\n");
        String url = db.jdbcUrl() + "?user=" + db.user();
        CliRun run = CliRun.of("rehearse", "-m", m.toString(), "--url", url, "--evidence", tmp.resolve("ev").toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("[FAILED] on the copy").contains("division by zero").contains("the target was not migrated")
                .contains("the target is unchanged");
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'rh_a'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_database WHERE datname LIKE 'sg_rehearsal_%'")).isZero();
    }

    @Test
    void aMigrationThatChangesTheWholeServerIsRefusedBeforeAnyCopy() throws Exception {
        Path m = tmp.resolve("m3");
        Files.createDirectories(m);
        Files.writeString(m.resolve("001_role.sql"), "CREATE TABLE rh_r (id int);\nCREATE ROLE rh_reporting NOLOGIN;\n");
        Files.writeString(m.resolve("001_role.rollback.sql"), "DROP ROLE rh_reporting;\nDROP TABLE rh_r;\n");
        CliRun run = CliRun.of("rehearse", "-m", m.toString(), "--url", db.jdbcUrl() + "?user=" + db.user(), "--evidence", tmp.resolve("ev3").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("001_role.sql line 2").contains("changes the whole server");
        assertThat(db.queryLong("SELECT count(*) FROM pg_roles WHERE rolname = 'rh_reporting'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_database WHERE datname LIKE 'sg_rehearsal_%'")).isZero();
    }

    @Test
    void aRoleMadeAtRunTimePastTheRefusalIsReportedAsAChangedServer() throws Exception {
        Path m = tmp.resolve("m4");
        Files.createDirectories(m);
        Files.writeString(m.resolve("001_sneaky.sql"), "CREATE TABLE rh_s (id int);\nCREATE FUNCTION rh_mk() RETURNS void LANGUAGE plpgsql AS "
                + "$f$ BEGIN EXECUTE 'CREATE ' || 'ROLE rh_sneaky'; END $f$;\nSELECT rh_mk();\n");
        Files.writeString(m.resolve("001_sneaky.rollback.sql"), "DROP FUNCTION rh_mk();\nDROP TABLE rh_s;\n");
        try {
            CliRun run = CliRun.of("rehearse", "-m", m.toString(), "--url", db.jdbcUrl() + "?user=" + db.user(), "--evidence",
                    tmp.resolve("ev4").toString());
            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(5);
            assertThat(run.out()).contains("the target CHANGED").contains("role rh_sneaky added").doesNotContain("[SUCCESS] rehearsed");
        } finally {
            db.execute("DROP ROLE IF EXISTS rh_sneaky");
        }
    }

    @Test
    void aSourceInUseIsCopiedByDumpAndRestore() throws Exception {
        try {
            dev.stagegate.migration.backup.PgTools.find(15);
        } catch (dev.stagegate.core.error.StagegateException e) {
            if (System.getenv("STAGEGATE_REQUIRE_PG_TOOLS") != null) {
                throw new AssertionError("pg_dump is required here (STAGEGATE_REQUIRE_PG_TOOLS): " + e.getMessage(), e);
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "no pg_dump on this machine");
        }
        Path m = tmp.resolve("m2");
        Files.createDirectories(m);
        Files.writeString(m.resolve("001_more.sql"), "CREATE TABLE rh_busy (id int PRIMARY KEY, note text);\n");
        Files.writeString(m.resolve("001_more.rollback.sql"), "DROP TABLE rh_busy;\n");
        try (Connection busy = db.connect()) {
            busy.createStatement().execute("SELECT 1");
            CliRun run = CliRun.of("rehearse", "-m", m.toString(), "--url", db.jdbcUrl() + "?user=" + db.user(), "--evidence",
                    tmp.resolve("ev2").toString());
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("made by dump-restore").contains("the target is unchanged");
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'rh_busy'")).isZero();
    }

    @Test
    void theRollbackCycleRunsOnACopyAndWritesTheCe27Documents() throws Exception {
        assertThat(CliRun.of("example", "c2pro", "--to", "001").exitCode()).isZero();
        Path ev = tmp.resolve("ev-cycle");
        CliRun run = CliRun.of("rollback-cycle", "--example", "c2pro", "--to", "003", "--evidence", ev.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("[SUCCESS] rollback cycle 005 -> 003 -> 005 on the copy kept the data and the schema (at 003 and at 005)");
        try (var files = Files.walk(ev)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("ROLLBACK_PROCEDURE.md", "ROLLBACK_VERIFICATION_CHECKLIST.md",
                    "ce27_rollback_test_results.log", "migration_locks_rollback.md");
        }
        assertThat(CliRun.of("status", "--example", "c2pro").out()).contains("4 pending");
        CliRun noVersion = CliRun.of("rollback-cycle", "--example", "c2pro", "--evidence", ev.toString());
        assertThat(noVersion.exitCode()).isEqualTo(2);
        assertThat(noVersion.err()).contains("--to 003 (or --full)");
        CliRun badCopy = CliRun.of("rehearse", "--example", "c2pro", "--copy", "magic", "--evidence", ev.toString());
        assertThat(badCopy.exitCode()).isEqualTo(2);
        assertThat(badCopy.err()).contains("--copy magic is no copy strategy");
    }

    @Test
    void aForwardDropThatItsRollbackReAddsEmptyIsDataLossAtTheCli() throws Exception {
        Path m = tmp.resolve("m5");
        Files.createDirectories(m);
        Files.writeString(m.resolve("001_init.sql"), "CREATE TABLE rh_people (id int PRIMARY KEY, phone text);\n"
                + "INSERT INTO rh_people SELECT g, 'p' || g FROM generate_series(1, 50) g;\n");
        Files.writeString(m.resolve("001_init.rollback.sql"), "DROP TABLE rh_people;\n");
        Files.writeString(m.resolve("002_drop.sql"), "ALTER TABLE rh_people DROP COLUMN phone;\n");
        Files.writeString(m.resolve("002_drop.rollback.sql"), "ALTER TABLE rh_people ADD COLUMN phone text;\n");
        CliRun run = CliRun.of("rollback-cycle", "-m", m.toString(), "--to", "001", "--url", db.jdbcUrl() + "?user=" + db.user(),
                "--evidence", tmp.resolve("ev5").toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("ROLLBACK_DATA_LOSS").contains("public.rh_people.phone").contains("50 of 50 value(s) lost")
                .contains("the target was not touched");
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'rh_people'")).isZero();
    }

    @Test
    void aTemplateCopyAskedForOnASourceInUseIsRefusedInOneLine() throws Exception {
        Path m = tmp.resolve("m6");
        Files.createDirectories(m);
        Files.writeString(m.resolve("001_t.sql"), "CREATE TABLE rh_t (id int);\n");
        Files.writeString(m.resolve("001_t.rollback.sql"), "DROP TABLE rh_t;\n");
        try (Connection busy = db.connect()) {
            busy.createStatement().execute("SELECT 1");
            CliRun run = CliRun.of("rehearse", "-m", m.toString(), "--copy", "template", "--url", db.jdbcUrl() + "?user=" + db.user(),
                    "--evidence", tmp.resolve("ev6").toString());
            assertThat(run.exitCode()).isEqualTo(3);
            assertThat(run.errorLine()).contains("SG-TARGET-BUSY").contains("--copy embedded");
            assertThat(run.err().lines().count()).isLessThanOrEqualTo(2);
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_database WHERE datname LIKE 'sg_rehearsal_%'")).isZero();
    }
}
