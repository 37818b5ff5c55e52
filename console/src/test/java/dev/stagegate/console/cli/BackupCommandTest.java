package dev.stagegate.console.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * `stagegate backup` and the gate's `backup` word with the real pg_dump against the embedded c2pro
 * example: a verified dump, its metadata, a restore test that compares 14 tables. Skipped only where
 * pg_dump is missing and STAGEGATE_REQUIRE_PG_TOOLS is unset (CI sets it).
 */
class BackupCommandTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void tools() {
        boolean found;
        try {
            dev.stagegate.migration.backup.PgTools.find(15);
            found = true;
        } catch (dev.stagegate.core.error.StagegateException e) {
            if (System.getenv("STAGEGATE_REQUIRE_PG_TOOLS") != null) {
                throw new AssertionError("pg_dump is required here (STAGEGATE_REQUIRE_PG_TOOLS): " + e.getMessage(), e);
            }
            found = false;
        }
        assumeTrue(found, "no pg_dump on this machine");
    }

    @Test
    void theCommandBacksUpAndRestoreTests() {
        assertThat(CliRun.of("example", "c2pro").exitCode()).isZero();
        CliRun run = CliRun.of("backup", "--example", "c2pro", "--dir", tmp.resolve("b").toString(), "--restore-test",
                "--evidence", tmp.resolve("ev").toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("restored to check it").contains("restore test PASSED").contains("14 tables compared");
        CliRun bad = CliRun.of("backup", "--example", "c2pro", "--label", "../escape", "--dir", tmp.resolve("b").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("is not a file name");
    }

    @Test
    void aGateScriptBacksUpAndRestoreTestsIntoItsEvidence() throws Exception {
        Path script = tmp.resolve("backup.groovy");
        Files.writeString(script, "example 'c2pro', to: '001'\nbackup 'pre_migration', restoreTest: true\n");
        Path evidence = tmp.resolve("ev");
        CliRun run = CliRun.of("run", script.toString(), "--evidence", evidence.toString());
        assertThat(run.out() + run.err()).contains("backup pre_migration").contains("tables equal to the source");
        try (Stream<Path> files = Files.walk(evidence)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .anyMatch(n -> n.matches("pre_migration_\\d{8}_\\d{6}\\.dump"))
                    .anyMatch(n -> n.matches("pre_migration_\\d{8}_\\d{6}\\.dump\\.metadata"));
        }
    }
}
