package dev.stagegate.console.gate;

import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.core.target.ServerInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gate on a machine without a pg_dump for its server (a server of a major no client here has) does
 * not stop: the backup step is NOT TESTED with the line naming the package, never passed, and nothing
 * is written. No connection is needed to find that out.
 */
class BackupWithoutToolsTest {

    @TempDir
    Path tmp;

    @Test
    void noPgDumpOfTheServersMajorIsNotTestedNeverPassed() throws Exception {
        ServerInfo future = new ServerInfo(990000, "99.0", "app", "postgres", true, true);
        StepResult r = BackupStep.run(null, future, null, tmp.resolve("backups"), "pre_migration", true);
        assertThat(r.status()).isEqualTo(StepStatus.NOT_TESTED);
        assertThat(r.status().passed()).isFalse();
        assertThat(r.summary()).startsWith("NOT TESTED: ").contains("postgresql-client-99");
        assertThat(Files.exists(tmp.resolve("backups"))).isFalse();
    }
}
