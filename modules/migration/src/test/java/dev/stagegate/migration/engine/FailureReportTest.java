package dev.stagegate.migration.engine;

import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A failure in a file that cannot be read says so; it is never described as if the file were empty. */
class FailureReportTest {

    @TempDir
    Path dir;

    @Test
    void anUnreadableFailedFileIsNamedAndNothingIsClaimedAboutWhatRemains() throws Exception {
        Files.writeString(dir.resolve("001_a.sql"), "CREATE TABLE a (id bigint);");
        Files.write(dir.resolve("002_garbage.sql"), new byte[] {(byte) 0xC3, (byte) 0x28});
        MigrationSet set = MigrationSource.read(dir);
        String line = FailureReport.describe(set, new IllegalStateException("changeset stagegate-changelog.xml::002::stagegate failed"),
                List.of());
        assertThat(line).startsWith("002_garbage.sql: ")
                .endsWith("; cannot read " + dir.resolve("002_garbage.sql")
                        + " (java.nio.charset.MalformedInputException: Input length = 1) to tell the line or what of it remains")
                .doesNotContain("undone");
        String readable = FailureReport.describe(set, new IllegalStateException("changeset stagegate-changelog.xml::001::stagegate failed"),
                List.of());
        assertThat(readable).startsWith("001_a.sql: ").endsWith("; its transaction was undone, so none of its statements took effect");
    }
}
