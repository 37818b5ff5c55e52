package dev.stagegate.migration.engine;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationSource;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Existing databases are adopted at a stated version; Flyway names and Liquibase changelogs run as well. */
class AdoptionAndInputsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @BeforeEach
    void clean() throws Exception {
        db.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        new MigrationFolder(dir)
                .add("001_a.sql", "CREATE TABLE a (id bigint PRIMARY KEY);", "DROP TABLE a;")
                .add("002_b.sql", "CREATE TABLE b (id bigint PRIMARY KEY);", "DROP TABLE b;")
                .add("003_c.sql", "CREATE TABLE c (id bigint PRIMARY KEY);", "DROP TABLE c;");
    }

    private MigrationEngine engine(Connection c, MigrationSet set) {
        return new MigrationEngine(c, set, EngineOptions.defaults(), e -> { });
    }

    @Test
    void aDatabaseMigratedByAlembicIsRefusedUntilBaselinedThenOnlyTheRestRuns() throws Exception {
        db.execute("CREATE TABLE a (id bigint PRIMARY KEY); CREATE TABLE b (id bigint PRIMARY KEY); "
                + "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY); INSERT INTO alembic_version VALUES ('002');");
        try (Connection c = db.connect(); MigrationEngine engine = engine(c, MigrationSource.read(dir))) {
            assertThatThrownBy(() -> engine.migrate(null)).isInstanceOfSatisfying(StagegateException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.ADOPTION_NEEDED);
                assertThat(e.getMessage()).contains("Alembic (alembic_version) at version 002").contains("--baseline VERSION");
            });
            assertThat(engine.baseline("002").toVersion()).isEqualTo("002");
            MigrationRun run = engine.migrate(null);
            assertThat(run.succeeded()).isTrue();
            assertThat(run.completed()).extracting(MigrationEvent::version).containsExactly("003");
        }
    }

    @Test
    void flywayHistoryIsAdoptedAndAHandMadeSchemaIsRefused() throws Exception {
        db.execute("CREATE TABLE a (id bigint PRIMARY KEY); CREATE TABLE flyway_schema_history (installed_rank int, version text, "
                + "success boolean); INSERT INTO flyway_schema_history VALUES (1, '1', true);");
        db.execute("CREATE DATABASE adopt_flyway");
        try (Connection c = db.server().connect("adopt_flyway")) {
            c.createStatement().execute("CREATE TABLE a (id bigint PRIMARY KEY); CREATE TABLE flyway_schema_history (installed_rank int, "
                    + "version text, success boolean); INSERT INTO flyway_schema_history VALUES (1, '1', true);");
            // Flyway ran 1 of the same files: adopted at 001, and only 002 and 003 run
            try (MigrationEngine engine = engine(c, MigrationSource.read(dir))) {
                MigrationRun run = engine.migrate(null);
                assertThat(run.succeeded()).as(String.valueOf(run.failure())).isTrue();
                assertThat(run.completed()).extracting(MigrationEvent::version).containsExactly("002", "003");
            }
        }
        db.execute("DROP TABLE flyway_schema_history");
        try (Connection c = db.connect(); MigrationEngine engine = engine(c, MigrationSource.read(dir))) {
            assertThatThrownBy(() -> engine.migrate(null)).hasMessageContaining("has 1 table(s) but no stagegate history");
        }
    }

    @Test
    void aDatabaseWithAnotherLiquibaseHistoryMustBeBaselinedToo() throws Exception {
        Path changelog = dir.resolve("legacy.sql");
        Files.writeString(changelog, "--liquibase formatted sql\n--changeset legacy:1\nCREATE TABLE a (id bigint PRIMARY KEY);\n");
        try (Connection c = db.connect(); MigrationEngine legacy = engine(c, MigrationSource.read(changelog))) {
            assertThat(legacy.migrate(null).succeeded()).isTrue();
        }
        Files.delete(changelog);
        try (Connection c = db.connect(); MigrationEngine engine = engine(c, MigrationSource.read(dir))) {
            assertThatThrownBy(() -> engine.migrate(null)).hasMessageContaining("Liquibase history of another changelog (1 changesets)");
            engine.baseline("001");
            assertThat(engine.migrate(null).succeeded()).isTrue();
            assertThat(engine.status().currentVersion()).isEqualTo("003");
        }
    }

    @Test
    void flywayNamedFilesRunInVersionOrderWithTheirUndoFiles() throws Exception {
        Path fw = Files.createDirectory(dir.resolve("flyway"));
        Files.writeString(fw.resolve("V1__base.sql"), "CREATE TABLE fw_base (id bigint);");
        Files.writeString(fw.resolve("V1.10__later.sql"), "CREATE TABLE fw_later (id bigint);");
        Files.writeString(fw.resolve("V1.9__middle.sql"), "CREATE TABLE fw_middle (id bigint);");
        Files.writeString(fw.resolve("U1.10__later.sql"), "DROP TABLE fw_later;");
        MigrationSet set = MigrationSource.read(fw);
        assertThat(set.style()).isEqualTo(MigrationSet.Style.FLYWAY);
        assertThat(set.migrations()).extracting(m -> m.version().text()).containsExactly("1", "1.9", "1.10");
        try (Connection c = db.connect(); MigrationEngine engine = engine(c, set)) {
            assertThat(engine.migrate(null).succeeded()).isTrue();
            assertThat(engine.rollback("1.9").succeeded()).isTrue();
            assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'fw\\_%'")).isEqualTo(2);
        }
    }

    @Test
    void aLiquibaseFormattedSqlChangelogRunsAsIs() throws Exception {
        Path changelog = dir.resolve("changelog.sql");
        Files.writeString(changelog, """
                --liquibase formatted sql

                --changeset team:1
                CREATE TABLE lb_one (id bigint);
                --rollback DROP TABLE lb_one;

                --changeset team:2
                CREATE TABLE lb_two (id bigint);
                --rollback DROP TABLE lb_two;
                """);
        MigrationSet set = MigrationSource.read(changelog);
        assertThat(set.isChangelog()).isTrue();
        try (Connection c = db.connect(); MigrationEngine engine = engine(c, set)) {
            assertThat(engine.migrate(null).succeeded()).isTrue();
            assertThat(engine.history()).extracting(AppliedMigration::id).containsExactly("1", "2");
        }
        assertThat(db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'lb\\_%'")).isEqualTo(2);
    }

    @Test
    void aPlainSqlFileIsNotMistakenForAChangelog() throws Exception {
        assertThatThrownBy(() -> MigrationSource.read(dir.resolve("001_a.sql")))
                .isInstanceOfSatisfying(StagegateException.class, e -> assertThat(e.getMessage()).contains("pass its folder"));
    }
}
