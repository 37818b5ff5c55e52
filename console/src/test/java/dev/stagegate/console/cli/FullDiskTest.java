package dev.stagegate.console.cli;

import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * No room on disk during a dump: the CLI runs in a process whose files may not grow past 300 kB
 * (`ulimit -f`, inherited by pg_dump), so the dump fails half-written. One line, exit 4, and no file
 * in the backups folder that looks like a backup.
 */
class FullDiskTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path tmp;

    @Test
    void aDumpThatRunsOutOfRoomIsOneLineAndLeavesNothingThatLooksComplete() throws Exception {
        try {
            dev.stagegate.migration.backup.PgTools.find(15);
        } catch (dev.stagegate.core.error.StagegateException e) {
            if (System.getenv("STAGEGATE_REQUIRE_PG_TOOLS") != null) {
                throw new AssertionError("pg_dump is required here (STAGEGATE_REQUIRE_PG_TOOLS): " + e.getMessage(), e);
            }
            assumeTrue(false, "no pg_dump on this machine");
        }
        db.execute("CREATE TABLE fd_notes AS SELECT g AS id, md5(g::text) || md5((g * 7)::text) AS body FROM generate_series(1, 60000) g");
        Path dir = tmp.resolve("backups");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of("bash", "-c", "ulimit -f 300; exec \"$0\" -Xshare:off -cp \"$CP\" dev.stagegate.console.cli.Main backup "
                + "--url \"$URL\" --dir \"$DIR\" --evidence \"$EV\"", java);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(false);
        pb.environment().put("CP", System.getProperty("java.class.path"));
        pb.environment().put("URL", db.jdbcUrl() + "?user=" + db.user());
        pb.environment().put("DIR", dir.toString());
        pb.environment().put("EV", tmp.resolve("ev").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        int exit = p.waitFor();
        assertThat(exit).as(out + err).isEqualTo(4);
        assertThat(err.lines().filter(l -> l.startsWith("error ")).toList()).singleElement().satisfies(l ->
                assertThat(l).contains("SG-BACKUP-FAILED"));
        assertThat(err).doesNotContain("\tat ").doesNotContain("Exception in thread");
        try (Stream<Path> files = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".dump") || n.endsWith(".metadata")
                    || n.endsWith(".partial"));
        }
    }
}
