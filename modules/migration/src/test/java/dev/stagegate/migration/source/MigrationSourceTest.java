package dev.stagegate.migration.source;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** What reading a folder reports about files that are not plain forward migrations with their rollbacks. */
class MigrationSourceTest {

    @TempDir
    Path dir;

    @Test
    void aNumberedFolderReportsOrphanRollbacksAndStrayFiles() throws Exception {
        Files.writeString(dir.resolve("001_a.sql"), "CREATE TABLE a (id bigint);");
        Files.writeString(dir.resolve("001_a.rollback.sql"), "DROP TABLE a;");
        Files.writeString(dir.resolve("002_gone.rollback.sql"), "DROP TABLE gone;");
        Files.writeString(dir.resolve("notes.sql"), "-- scratch");
        MigrationSet set = MigrationSource.read(dir);
        assertThat(set.problems()).extracting(Finding::code, Finding::object, Finding::severity).containsExactlyInAnyOrder(
                tuple("ROLLBACK_ORPHAN", "002_gone.rollback.sql", Severity.WARNING),
                tuple("MIGRATION_NAME_UNKNOWN", "notes.sql", Severity.WARNING));
        assertThat(set.problems()).filteredOn(f -> f.code().equals("ROLLBACK_ORPHAN")).singleElement().satisfies(f ->
                assertThat(f.message()).isEqualTo("rollback file 002_gone.rollback.sql has no forward migration 002_gone.sql"));
    }

    @Test
    void aFlywayFolderReportsRepeatableMigrationsAndOrphanUndoFiles() throws Exception {
        Files.writeString(dir.resolve("V1__base.sql"), "CREATE TABLE base (id bigint);");
        Files.writeString(dir.resolve("U1__base.sql"), "DROP TABLE base;");
        Files.writeString(dir.resolve("U2__missing.sql"), "DROP TABLE missing;");
        Files.writeString(dir.resolve("R__views.sql"), "CREATE OR REPLACE VIEW v AS SELECT 1;");
        MigrationSet set = MigrationSource.read(dir);
        assertThat(set.problems()).extracting(Finding::code, Finding::object, Finding::severity).containsExactlyInAnyOrder(
                tuple("MIGRATION_REPEATABLE", "R__views.sql", Severity.ERROR),
                tuple("ROLLBACK_ORPHAN", "U2__missing.sql", Severity.WARNING));
    }

    @Test
    void wellFormedFoldersReportNothing() throws Exception {
        Files.writeString(dir.resolve("001_a.sql"), "CREATE TABLE a (id bigint);");
        Files.writeString(dir.resolve("001_a.rollback.sql"), "DROP TABLE a;");
        assertThat(MigrationSource.read(dir).problems()).isEmpty();
        Path fw = Files.createDirectory(dir.resolve("fw"));
        Files.writeString(fw.resolve("V1__base.sql"), "CREATE TABLE base (id bigint);");
        Files.writeString(fw.resolve("U1__base.sql"), "DROP TABLE base;");
        assertThat(MigrationSource.read(fw).problems()).isEmpty();
    }

    @Test
    void linksFoldersMisspeltExtensionsAndMixedLayoutsAreRefusedBeforeAnythingRuns() throws Exception {
        // sweep M26, M27: one V3__ file made migrate skip every numbered file; .SQL files and folders named
        // *.sql were skipped without a word; a symlink was followed to /etc/passwd
        Files.writeString(dir.resolve("001_init.sql"), "CREATE TABLE a (id bigint);");
        Files.writeString(dir.resolve("002_orders.sql"), "CREATE TABLE o (id bigint);");
        Files.writeString(dir.resolve("V3__extra.sql"), "CREATE TABLE x (id bigint);");
        Files.writeString(dir.resolve("004_upper.SQL"), "CREATE TABLE u (id bigint);");
        Files.createDirectory(dir.resolve("005_dir.sql"));
        Files.createSymbolicLink(dir.resolve("006_link.sql"), Path.of("/etc/passwd"));
        MigrationSet set = MigrationSource.read(dir);
        assertThat(set.problems()).filteredOn(Finding::fails).extracting(Finding::code, Finding::object).containsExactlyInAnyOrder(
                tuple("MIGRATION_LAYOUT_MIXED", "V3__extra.sql"),
                tuple("MIGRATION_EXTENSION_CASE", "004_upper.SQL"),
                tuple("MIGRATION_NOT_A_FILE", "005_dir.sql"),
                tuple("MIGRATION_NOT_A_FILE", "006_link.sql"));
        assertThat(set.migrations()).extracting(Migration::fileName).containsExactly("001_init.sql", "002_orders.sql");
        org.assertj.core.api.Assertions.assertThatThrownBy(set::requireRunnable)
                .isInstanceOfSatisfying(dev.stagegate.core.error.StagegateException.class, e -> {
                    assertThat(e.code()).isEqualTo(dev.stagegate.core.error.ErrorCode.INPUT_INVALID);
                    assertThat(e.getMessage()).contains("V3__extra.sql", "004_upper.SQL", "005_dir.sql", "006_link.sql", "nothing was changed")
                            .doesNotContain("root:");
                });
    }

    @Test
    void aVersionTooLongToOrderAsANumberIsRefusedNotTruncated() throws Exception {
        // the second sweep (N9): 99999999999999999999_b.sql crashed validate (exit 4) and migrated elsewhere
        Files.writeString(dir.resolve("001_a.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("99999999999999999999_b.sql"), "SELECT 2;");
        MigrationSet set = MigrationSource.read(dir);
        assertThat(set.problems()).filteredOn(Finding::fails).extracting(Finding::object).containsExactly("99999999999999999999_b.sql");
        org.assertj.core.api.Assertions.assertThatThrownBy(set::requireRunnable).hasMessageContaining("more than 18 digits");
    }

    @Test
    void aCorrectFolderIsRunnable() throws Exception {
        Files.writeString(dir.resolve("001_init.sql"), "CREATE TABLE a (id bigint);");
        Files.writeString(dir.resolve("001_init.rollback.sql"), "DROP TABLE a;");
        Files.writeString(dir.resolve("README.md"), "not a migration");
        MigrationSet set = MigrationSource.read(dir);
        assertThat(set.problems()).isEmpty();
        set.requireRunnable();
    }
}
