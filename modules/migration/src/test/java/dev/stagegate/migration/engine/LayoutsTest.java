package dev.stagegate.migration.engine;

import dev.stagegate.core.error.StagegateException;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationSource;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each layout other tools keep their migrations in, detected from the folder, migrated and rolled back
 * by the engine on a database of its own: golang-migrate, diesel, Supabase, graphile-migrate (forward only), dbmate
 * (sections of one file) and Sqitch (a plan with deploy, revert and verify scripts).
 */
class LayoutsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path tmp;

    private static void write(Path file, String sql) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, sql);
    }

    private static boolean table(Connection c, String name) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT to_regclass('public." + name + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Migrates to the latest, rolls back to {@code first}, and checks what each end leaves. */
    private static void upAndDown(String database, MigrationSet set, String latest, String first) throws Exception {
        db.execute("CREATE DATABASE " + database);
        try (Connection c = db.server().connect(database); MigrationEngine engine = new MigrationEngine(c, set, EngineOptions.defaults(), e -> { })) {
            MigrationRun up = engine.migrate(null);
            assertThat(up.failure()).as(String.valueOf(up.failure())).isNull();
            assertThat(up.toVersion()).isEqualTo(latest);
            assertThat(table(c, "accounts")).isTrue();
            assertThat(table(c, "invoices")).isTrue();
            MigrationRun down = engine.rollback(first);
            assertThat(down.failure()).as(String.valueOf(down.failure())).isNull();
            assertThat(down.toVersion()).isEqualTo(first);
            assertThat(table(c, "accounts")).isTrue();
            assertThat(table(c, "invoices")).isFalse();
            assertThat(engine.status().pending()).extracting(m -> m.version().text()).containsExactly(latest);
        }
    }

    @Test
    void golangMigrateUpAndDownFiles() throws Exception {
        Path dir = tmp.resolve("golang");
        write(dir.resolve("000001_create_accounts.up.sql"), "CREATE TABLE accounts (id bigint PRIMARY KEY);");
        write(dir.resolve("000001_create_accounts.down.sql"), "DROP TABLE accounts;");
        write(dir.resolve("000002_create_invoices.up.sql"), "CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);");
        write(dir.resolve("000002_create_invoices.down.sql"), "DROP TABLE invoices;");
        MigrationSet set = MigrationSource.read(dir);
        assertThat(set.style()).isEqualTo(MigrationSet.Style.GOLANG_MIGRATE);
        assertThat(set.problems()).isEmpty();
        assertThat(set.migrations()).extracting(m -> m.description()).containsExactly("create_accounts", "create_invoices");
        upAndDown("layout_golang", set, "000002", "000001");
    }

    @Test
    void dieselFoldersWithTimestampVersions() throws Exception {
        Path dir = tmp.resolve("diesel");
        write(dir.resolve("00000000000000_diesel_initial_setup/up.sql"), "CREATE TABLE accounts (id bigint PRIMARY KEY);");
        write(dir.resolve("00000000000000_diesel_initial_setup/down.sql"), "DROP TABLE accounts;");
        write(dir.resolve("2024-01-01-120000_create_invoices/up.sql"), "CREATE TABLE invoices (id bigint PRIMARY KEY);");
        write(dir.resolve("2024-01-01-120000_create_invoices/down.sql"), "DROP TABLE invoices;");
        write(dir.resolve(".keep"), "");
        MigrationSet set = MigrationSource.read(dir);
        assertThat(set.style()).isEqualTo(MigrationSet.Style.DIESEL);
        assertThat(set.problems()).isEmpty();
        assertThat(set.migrations()).extracting(m -> m.fileName()).containsExactly("00000000000000_diesel_initial_setup/up.sql",
                "2024-01-01-120000_create_invoices/up.sql");
        assertThat(set.migrations().get(1).rollbackName()).isEqualTo("2024-01-01-120000_create_invoices/down.sql");
        upAndDown("layout_diesel", set, "20240101120000", "00000000000000");
    }

    @Test
    void supabaseProjectRootIsReadFromItsMigrationsFolder() throws Exception {
        Path project = tmp.resolve("app");
        write(project.resolve("supabase/config.toml"), "project_id = \"app\"\n");
        write(project.resolve("supabase/migrations/20240101120000_accounts.sql"), "CREATE TABLE accounts (id bigint PRIMARY KEY);");
        write(project.resolve("supabase/migrations/20240215093000_invoices.sql"), "CREATE TABLE invoices (id bigint PRIMARY KEY);");
        write(project.resolve("supabase/migrations/20240215093000_invoices.rollback.sql"), "DROP TABLE invoices;");
        MigrationSet set = MigrationSource.read(project);
        assertThat(set.style()).isEqualTo(MigrationSet.Style.SUPABASE);
        // the CLI has no down migrations: a rollback file stagegate reads is said to be stagegate's only
        assertThat(set.problems()).extracting(f -> f.code()).containsExactly("MIGRATION_FORWARD_ONLY");
        upAndDown("layout_supabase", set, "20240215093000", "20240101120000");
    }

    @Test
    void graphileMigrateCommittedIsForwardOnlyAndCurrentSqlAloneIsNotAnEmptySuccess() throws Exception {
        Path dir = tmp.resolve("graphile");
        write(dir.resolve("migrations/current.sql"), "-- Enter migration here\n");
        write(dir.resolve("migrations/committed/000001.sql"), "--! Previous: -\n--! Hash: sha1:aa\n--! Message: accounts\n\n"
                + "CREATE TABLE accounts (id bigint PRIMARY KEY);\n");
        write(dir.resolve("migrations/committed/000002-invoices.sql"), "--! Previous: sha1:aa\n--! Hash: sha1:bb\n\n"
                + "CREATE TABLE invoices (id bigint PRIMARY KEY);\n");
        MigrationSet set = MigrationSource.read(dir.resolve("migrations"));
        assertThat(set.style()).isEqualTo(MigrationSet.Style.GRAPHILE_MIGRATE);
        assertThat(set.migrations()).extracting(m -> m.description()).containsExactly("accounts", "invoices");
        db.execute("CREATE DATABASE layout_graphile");
        try (Connection c = db.server().connect("layout_graphile"); MigrationEngine engine = new MigrationEngine(c, set, EngineOptions.defaults(), e -> { })) {
            assertThat(engine.migrate(null).failure()).isNull();
            assertThat(table(c, "invoices")).isTrue();
            // forward only: no rollback to run, said before anything is undone
            assertThatThrownBy(() -> engine.rollback("000001")).isInstanceOf(StagegateException.class).hasMessageContaining("no rollback for");
            assertThat(table(c, "invoices")).isTrue();
        }
        // the folder graphile-migrate works in, without committed/: nothing read is an error, not an exit 0
        Path wip = tmp.resolve("wip");
        write(wip.resolve("current.sql"), "CREATE TABLE x (id int);");
        assertThatThrownBy(() -> MigrationSource.read(wip)).isInstanceOf(StagegateException.class)
                .hasMessageContaining("no migration read from").hasMessageContaining("current.sql");
    }

    @Test
    void dbmateSectionsOfOneFileRunForwardAndBackWithTheFilesOwnLines() throws Exception {
        Path dir = tmp.resolve("dbmate");
        write(dir.resolve("20240101120000_accounts.sql"), "-- migrate:up\nCREATE TABLE accounts (id bigint PRIMARY KEY);\n\n"
                + "-- migrate:down\nDROP TABLE accounts;\n");
        write(dir.resolve("20240215093000_invoices.sql"), "-- migrate:up transaction:true\nCREATE TABLE invoices (id bigint PRIMARY KEY,\n"
                + "  account_id bigint REFERENCES accounts);\n-- migrate:down\nDROP TABLE invoices;\n");
        MigrationSet set = MigrationSource.read(dir);
        assertThat(set.style()).isEqualTo(MigrationSet.Style.DBMATE);
        assertThat(set.problems()).isEmpty();
        assertThat(set.migrations().get(1).rollbackName()).isEqualTo("20240215093000_invoices.sql (migrate:down)");
        // the down section is not run forward: had it been, invoices would be created and dropped in one go
        upAndDown("layout_dbmate", set, "20240215093000", "20240101120000");

        // a failing statement is named by the file's own line (4), not the section's
        Path bad = tmp.resolve("dbmate-bad");
        write(bad.resolve("20240101120000_accounts.sql"), "-- migrate:up\nCREATE TABLE accounts (id bigint PRIMARY KEY);\n-- migrate:down\nDROP TABLE accounts;\n");
        write(bad.resolve("20240215093000_invoices.sql"), "-- migrate:up\nCREATE TABLE invoices (id bigint PRIMARY KEY);\n"
                + "-- a comment\nINSERT INTO nowhere VALUES (1);\n-- migrate:down\nDROP TABLE invoices;\n");
        db.execute("CREATE DATABASE layout_dbmate_bad");
        try (Connection c = db.server().connect("layout_dbmate_bad"); MigrationEngine engine = new MigrationEngine(c, MigrationSource.read(bad),
                EngineOptions.defaults(), e -> { })) {
            MigrationRun up = engine.migrate(null);
            assertThat(up.failure()).startsWith("20240215093000_invoices.sql line 4: ").contains("nowhere");
            assertThat(table(c, "invoices")).isFalse();
        }

        // a file without the up marker, beside dbmate ones, is refused as dbmate refuses it
        write(dir.resolve("20240301000000_unmarked.sql"), "CREATE TABLE x (id int);");
        assertThat(MigrationSource.read(dir).problems()).extracting(f -> f.code() + " " + f.object())
                .containsExactly("MIGRATION_LAYOUT_MIXED 20240301000000_unmarked.sql");
    }

    @Test
    void dbmateFilesWrittenOnWindowsRunAndSectionsDbmateWouldRefuseAreErrors() throws Exception {
        Path crlf = tmp.resolve("dbmate-crlf");
        write(crlf.resolve("20240101120000_accounts.sql"), "-- migrate:up\r\nCREATE TABLE accounts (id bigint PRIMARY KEY);\r\n-- migrate:down\r\n"
                + "DROP TABLE accounts;\r\n");
        write(crlf.resolve("20240215093000_invoices.sql"), "-- migrate:up\r\nCREATE TABLE invoices (id bigint PRIMARY KEY);\r\n-- migrate:down\r\n"
                + "DROP TABLE invoices;\r\n");
        MigrationSet set = MigrationSource.read(crlf);
        assertThat(set.problems()).isEmpty();
        assertThat(set.migrations()).allSatisfy(m -> assertThat(m.rollbackFile()).isNotNull());
        upAndDown("layout_dbmate_crlf", set, "20240215093000", "20240101120000");

        Path odd = tmp.resolve("dbmate-odd");
        write(odd.resolve("20240101000001_before.sql"), "CREATE TABLE before_marker (id int);\n-- migrate:up\nCREATE TABLE a (id int);\n");
        write(odd.resolve("20240101000002_reversed.sql"), "-- migrate:down\nDROP TABLE b;\n-- migrate:up\nCREATE TABLE b (id int);\n");
        write(odd.resolve("20240101000003_twice.sql"), "-- migrate:up\nCREATE TABLE c (id int);\n-- migrate:down\nDROP TABLE c;\n"
                + "-- migrate:up\nCREATE TABLE c2 (id int);\n");
        write(odd.resolve("20240101000004_empty.sql"), "-- stagegate:lint-ignore-file DROP_TABLE: header comments stay\n-- migrate:up\n"
                + "-- migrate:down\nSELECT 1;\n");
        assertThat(MigrationSource.read(odd).problems()).extracting(f -> f.code() + " " + f.object()).containsExactlyInAnyOrder(
                "MIGRATION_SECTIONS 20240101000001_before.sql", "MIGRATION_SECTIONS 20240101000002_reversed.sql",
                "MIGRATION_SECTIONS 20240101000003_twice.sql", "MIGRATION_SECTIONS 20240101000004_empty.sql");
        assertThat(MigrationSource.read(odd).problems()).extracting(f -> f.code()).containsOnly("MIGRATION_SECTIONS");
        assertThat(MigrationSource.read(odd).problems()).filteredOn(f -> f.object().equals("20240101000004_empty.sql")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("no statement in its `-- migrate:up` section"));
    }

    @Test
    void sqitchPlanGivenAsAFileReworkedChangesAndAPlanSqitchWouldRefuse() throws Exception {
        Path dir = tmp.resolve("sqitch-rework");
        // users, @v1.0, flips, @v1.1, users reworked: `sqitch rework` names the old scripts after the latest tag
        write(dir.resolve("sqitch.plan"), "\uFEFF%project=flipr\nusers 2024-01-01T12:00:00Z A <a@x>\n@v1.0 2024-01-02T12:00:00Z A <a@x>\n"
                + "flips [users] 2024-01-03T12:00:00Z A <a@x>\n@v1.1 2024-01-04T12:00:00Z A <a@x>\n"
                + "users [users@v1.1] 2024-01-05T12:00:00Z A <a@x>\n");
        write(dir.resolve("deploy/users@v1.1.sql"), "CREATE TABLE accounts (id bigint PRIMARY KEY);");
        write(dir.resolve("revert/users@v1.1.sql"), "DROP TABLE accounts;");
        write(dir.resolve("deploy/flips.sql"), "CREATE TABLE flips (id bigint PRIMARY KEY);");
        write(dir.resolve("revert/flips.sql"), "DROP TABLE flips;");
        write(dir.resolve("deploy/users.sql"), "CREATE TABLE invoices (id bigint PRIMARY KEY);");
        write(dir.resolve("revert/users.sql"), "DROP TABLE invoices;");
        MigrationSet set = MigrationSource.read(dir.resolve("sqitch.plan"));
        assertThat(set.style()).isEqualTo(MigrationSet.Style.SQITCH);
        assertThat(set.problems()).isEmpty();
        assertThat(set.migrations()).extracting(m -> m.fileName()).containsExactly("deploy/users@v1.1.sql", "deploy/flips.sql", "deploy/users.sql");
        upAndDown("layout_sqitch_rework", set, "3", "2");

        // sqitch init --top-dir db: the plan and the scripts live under db/, said by sqitch.conf; %project with blanks and a note
        Path project = tmp.resolve("sqitch-top");
        write(project.resolve("sqitch.conf"), "[core]\n\tengine = pg\n\ttop_dir = db\n");
        write(project.resolve("db/sqitch.plan"), "%project = flipr # the app\nflips 2024-01-03T12:00:00Z A <a@x>\n");
        write(project.resolve("db/deploy/flips.sql"), "CREATE TABLE flips (id int);");
        assertThat(MigrationSource.read(project).migrations()).extracting(m -> m.fileName()).containsExactly("deploy/flips.sql");
        assertThat(dev.stagegate.migration.source.SqitchPlan.project(project.resolve("db"))).isEqualTo("flipr");

        // one change twice with no tag between: Sqitch refuses the plan, so does stagegate
        write(dir.resolve("sqitch.plan"), "%project=flipr\nflips 2024-01-03T12:00:00Z A <a@x>\nflips 2024-01-04T12:00:00Z A <a@x>\n");
        assertThat(MigrationSource.read(dir).problems()).extracting(f -> f.code()).contains("MIGRATION_DUPLICATE_VERSION");
    }

    @Test
    void sqitchPlanDeploysInPlanOrderVerifiesEachChangeAndReverts() throws Exception {
        Path dir = tmp.resolve("sqitch");
        write(dir.resolve("sqitch.conf"), "[core]\n\tengine = pg\n");
        write(dir.resolve("sqitch.plan"), """
                %syntax-version=1.0.0
                %project=billing

                accounts 2024-01-01T12:00:00Z Ann <ann@example.com> # accounts
                invoices [accounts] 2024-01-02T12:00:00Z Ann <ann@example.com> # invoices
                @v1.0 2024-01-03T12:00:00Z Ann <ann@example.com> # release
                """);
        // Sqitch's own templates: each script wraps itself in a transaction, verify rolls its back
        write(dir.resolve("deploy/accounts.sql"), "-- Deploy billing:accounts to pg\n\nBEGIN;\n\nCREATE TABLE accounts (id bigint PRIMARY KEY);\n\nCOMMIT;\n");
        write(dir.resolve("revert/accounts.sql"), "-- Revert billing:accounts from pg\n\nBEGIN;\n\nDROP TABLE accounts;\n\nCOMMIT;\n");
        write(dir.resolve("verify/accounts.sql"), "-- Verify billing:accounts on pg\n\nBEGIN;\n\nSELECT id FROM accounts WHERE false;\n\nROLLBACK;\n");
        write(dir.resolve("deploy/invoices.sql"), "BEGIN;\nCREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts);\nCOMMIT;\n");
        write(dir.resolve("revert/invoices.sql"), "BEGIN;\nDROP TABLE invoices;\nCOMMIT;\n");
        // a verify that writes (its own ROLLBACK meant to undo it) leaves nothing
        write(dir.resolve("verify/invoices.sql"), "BEGIN;\nSELECT id, account_id FROM invoices WHERE false;\n"
                + "INSERT INTO accounts VALUES (1);\nROLLBACK;\n");
        MigrationSet set = MigrationSource.read(dir);
        assertThat(set.style()).isEqualTo(MigrationSet.Style.SQITCH);
        assertThat(set.problems()).isEmpty();
        assertThat(set.migrations()).extracting(m -> m.version().text() + " " + m.fileName() + " " + m.rollbackName())
                .containsExactly("1 deploy/accounts.sql revert/accounts.sql", "2 deploy/invoices.sql revert/invoices.sql");
        upAndDown("layout_sqitch", set, "2", "1");
        try (Connection c = db.server().connect("layout_sqitch"); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM accounts")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }

        // a verify that fails undoes its change, as `sqitch deploy --verify` does; the failure names the change
        write(dir.resolve("verify/invoices.sql"), "BEGIN;\nSELECT id, amount FROM invoices WHERE false;\nROLLBACK;\n");
        db.execute("CREATE DATABASE layout_sqitch_verify");
        try (Connection c = db.server().connect("layout_sqitch_verify"); MigrationEngine engine = new MigrationEngine(c, MigrationSource.read(dir),
                EngineOptions.defaults(), e -> { })) {
            MigrationRun up = engine.migrate(null);
            assertThat(up.failure()).startsWith("verify/invoices.sql").contains("amount")
                    .contains("the verify of deploy/invoices.sql failed in its transaction, so the change was undone with it");
            assertThat(up.toVersion()).isEqualTo("1");
            assertThat(table(c, "accounts")).isTrue();
            assertThat(table(c, "invoices")).isFalse();
        }

        // a change that requires one the plan deploys after it, and a script no change names
        write(dir.resolve("sqitch.plan"), "%project=billing\ninvoices [accounts] 2024-01-02T12:00:00Z Ann <ann@example.com>\n"
                + "accounts 2024-01-01T12:00:00Z Ann <ann@example.com>\n");
        write(dir.resolve("deploy/stray.sql"), "SELECT 1;");
        assertThat(MigrationSource.read(dir).problems()).extracting(f -> f.code() + " " + f.object())
                .contains("MIGRATION_ORDER deploy/invoices.sql", "MIGRATION_NAME_UNKNOWN deploy/stray.sql");
    }
}
