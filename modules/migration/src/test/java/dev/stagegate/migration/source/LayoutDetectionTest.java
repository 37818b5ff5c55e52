package dev.stagegate.migration.source;

import dev.stagegate.core.error.StagegateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Versions as the tools that write the names mean them, and --layout over detection. */
class LayoutDetectionTest {

    @TempDir
    Path dir;

    @Test
    void theVersionIsTheLeadingNumberOnlyAndTimestampsOrderNumerically() throws Exception {
        Files.writeString(dir.resolve("0002_2019_02_26_002946.sql"), "SELECT 2;");
        Files.writeString(dir.resolve("0001_initial.sql"), "SELECT 1;");
        MigrationSet set = MigrationSource.read(dir);
        assertThat(set.migrations()).extracting(m -> m.version().text()).containsExactly("0001", "0002");
        assertThat(set.migrations().get(1).description()).isEqualTo("2019_02_26_002946");
    }

    @Test
    void aForcedLayoutReadsTheFolderThatWayAndAnUnknownOneIsNamed() throws Exception {
        Files.writeString(dir.resolve("001_a.up.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("002_b.up.sql"), "SELECT 2;");
        Files.writeString(dir.resolve("003_c.sql"), "SELECT 3;");
        assertThat(MigrationSource.read(dir).style()).isEqualTo(MigrationSet.Style.GOLANG_MIGRATE);
        MigrationSet numbered = MigrationSource.read(dir, "numbered");
        assertThat(numbered.style()).isEqualTo(MigrationSet.Style.NUMBERED);
        assertThat(numbered.migrations()).hasSize(3);
        assertThatThrownBy(() -> MigrationSource.read(dir, "alembic")).isInstanceOf(StagegateException.class)
                .hasMessageContaining("--layout alembic is not a layout").hasMessageContaining("golang-migrate");
        assertThatThrownBy(() -> MigrationSource.read(dir, "liquibase")).isInstanceOf(StagegateException.class)
                .hasMessageContaining("takes a changelog file");
    }

    @Test
    void aDieselFolderWithoutUpSqlIsAnErrorAndStrayFilesAreNamed() throws Exception {
        Files.createDirectories(dir.resolve("2024-01-01-120000_users"));
        Files.writeString(dir.resolve("2024-01-01-120000_users/up.sql"), "CREATE TABLE users (id int);");
        Files.writeString(dir.resolve("2024-01-01-120000_users/notes.txt"), "x");
        Files.createDirectories(dir.resolve("2024-02-01-120000_orders"));
        Files.writeString(dir.resolve("2024-02-01-120000_orders/down.sql"), "DROP TABLE orders;");
        MigrationSet set = MigrationSource.read(dir);
        assertThat(set.style()).isEqualTo(MigrationSet.Style.DIESEL);
        assertThat(set.problems()).extracting(f -> f.code()).containsExactlyInAnyOrder("MIGRATION_NOT_A_FILE", "MIGRATION_NAME_UNKNOWN");
        assertThatThrownBy(set::requireRunnable).isInstanceOf(StagegateException.class).hasMessageContaining("2024-02-01-120000_orders/ has no up.sql");
    }

    @Test
    void filesBesideAnotherLayoutAreErrorsNotSilentlyDropped() throws Exception {
        // hostile review: one folder with up.sql turned a numbered set into a diesel one and 001, 002 never ran
        Files.writeString(dir.resolve("001_t1.sql"), "CREATE TABLE t1 (id int);");
        Files.writeString(dir.resolve("001_t1.rollback.sql"), "DROP TABLE t1;");
        Files.createDirectories(dir.resolve("003_archive"));
        Files.writeString(dir.resolve("003_archive/up.sql"), "CREATE TABLE archive (id int);");
        Files.writeString(dir.resolve(".#001_t1.sql"), "an editor's lock file");
        MigrationSet mixed = MigrationSource.read(dir);
        assertThat(mixed.problems()).filteredOn(f -> f.code().equals("MIGRATION_LAYOUT_MIXED")).extracting(f -> f.object())
                .containsExactlyInAnyOrder("001_t1.sql", "001_t1.rollback.sql");
        assertThatThrownBy(mixed::requireRunnable).isInstanceOf(StagegateException.class).hasMessageContaining("would not run");

        Path graphile = Files.createDirectories(dir.resolve("g"));
        Files.createDirectories(graphile.resolve("committed"));
        Files.writeString(graphile.resolve("committed/000001.sql"), "CREATE TABLE a (id int);");
        Files.writeString(graphile.resolve("committed/000001.rollback.sql"), "DROP TABLE a;");
        Files.writeString(graphile.resolve("current.sql"), "");
        Files.writeString(graphile.resolve("002_b.sql"), "CREATE TABLE b (id int);");
        MigrationSet g = MigrationSource.read(graphile);
        assertThat(g.migrations()).hasSize(1);
        assertThat(g.problems()).extracting(f -> f.code() + " " + f.object()).containsExactlyInAnyOrder("MIGRATION_LAYOUT_MIXED 002_b.sql",
                "MIGRATION_FORWARD_ONLY 000001.rollback.sql");

        Path golang = Files.createDirectories(dir.resolve("go"));
        Files.writeString(golang.resolve("000001_a.up.sql"), "CREATE TABLE a (id int);");
        Files.writeString(golang.resolve("000002_b.up.sql"), "CREATE TABLE b (id int);");
        Files.writeString(golang.resolve("000003_c.sql"), "CREATE TABLE c (id int);");
        assertThat(MigrationSource.read(golang).problems()).extracting(f -> f.code() + " " + f.object())
                .containsExactly("MIGRATION_LAYOUT_MIXED 000003_c.sql");
    }
}
