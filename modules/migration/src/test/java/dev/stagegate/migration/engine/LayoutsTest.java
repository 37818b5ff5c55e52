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
 * by the engine on a database of its own: golang-migrate, diesel, Supabase, graphile-migrate (forward only).
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
}
