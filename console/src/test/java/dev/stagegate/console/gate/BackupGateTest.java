package dev.stagegate.console.gate;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.migration.backup.Backup;
import dev.stagegate.migration.backup.RestoreCheck;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A backup whose restore differs from its source fails its gate step (the step itself runs in BackupCommandTest). */
class BackupGateTest {

    @Test
    void aRestoreThatDiffersFailsTheStep() {
        Backup.Result b = new Backup.Result(Path.of("pre_20261201_120000.dump"), "pre", 10, "ab", "PostgreSQL 15", "pg_dump 15", 5, Map.of());
        StepResult failed = BackupStep.of(b, new RestoreCheck.Result(false, 7, 2, List.of("rows of public.notes: 10 in the source, 9 restored")));
        assertThat(failed.status().passed()).isFalse();
        assertThat(failed.findings()).extracting(Finding::code).containsExactly("RESTORE_TEST_FAILED");
        assertThat(BackupStep.of(b, new RestoreCheck.Result(true, 7, 2, List.of())).status().passed()).isTrue();
    }
}
