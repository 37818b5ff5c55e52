package dev.stagegate.console.gate;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.migration.backup.Backup;
import dev.stagegate.migration.backup.RestoreCheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gate's {@code backup 'pre_migration'} (CE-20/CE-22): a verified pg_dump in the evidence
 * folder's {@code backups/}; with {@code restoreTest: true} also restored into a scratch database
 * and compared with the source. A restore that differs fails the step: a backup nobody can restore
 * is no backup.
 */
final class BackupStep {

    static final java.util.Set<String> KEYS = java.util.Set.of("restoreTest");

    private BackupStep() {
    }

    static StepResult run(dev.stagegate.core.target.Target live, dev.stagegate.core.target.ServerInfo info, java.sql.Connection c,
                          java.nio.file.Path dir, String label, boolean restoreTest) throws java.sql.SQLException {
        dev.stagegate.migration.backup.PgTools tools;
        try {
            tools = dev.stagegate.migration.backup.PgTools.find(info.major());
        } catch (dev.stagegate.core.error.StagegateException e) {
            if (e.code() != dev.stagegate.core.error.ErrorCode.PG_TOOLS_MISSING) {
                throw e;
            }
            // a gate on a machine with only a JDK goes on, and says the backup was not taken: never GO without it
            return StepResult.notRun("backup " + label, StepStatus.NOT_TESTED, "NOT TESTED: " + e.getMessage());
        }
        Backup.Result b = Backup.run(live, info, new dev.stagegate.core.snapshot.CatalogReader(c).read(false), dir, label, tools,
                restoreTest ? c : null);
        return of(b, b.restore());
    }

    static StepResult of(Backup.Result backup, RestoreCheck.Result restore) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        // name, size and sha256 are in the .dump.metadata beside it; the result stays the same from run to run
        metrics.put("dump_ms", backup.millis());
        List<Finding> findings = new ArrayList<>();
        String summary = "backups/" + backup.label() + "_<time>.dump (size, sha256, versions in its .dump.metadata), read back whole";
        if (restore != null) {
            metrics.put("restore_ms", restore.restoreMillis());
            metrics.put("restore_tables_compared", restore.tables());
            summary += restore.equal() ? "; restore test: " + restore.tables() + " tables equal to the source (schema, rows, content); "
                    + "not compared: " + RestoreCheck.NOT_COMPARED : "; restore test FAILED";
            for (String d : restore.differences()) {
                findings.add(Finding.of(GateCode.RESTORE_TEST_FAILED, Severity.ERROR, backup.file().getFileName().toString(),
                        "the restored copy differs from the source: " + d));
            }
        }
        if (restore != null && !restore.ran()) {
            return StepResult.notRun("backup " + backup.label(), StepStatus.NOT_TESTED, backup.file().getFileName() + " read back whole; "
                    + "restore test NOT TESTED: " + String.join("; ", restore.differences()));
        }
        StepResult r = StepResult.of("backup " + backup.label(), findings, metrics, List.of(), Duration.ZERO).withSummary(summary);
        return restore != null && !restore.equal() && findings.isEmpty()
                ? r.withStatus(StepStatus.FAILED) : r;
    }
}
