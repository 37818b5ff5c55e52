package dev.stagegate.console.gate;

import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.engine.MigrationEngine;
import dev.stagegate.migration.engine.MigrationRun;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.reporting.verdict.GateCondition;

import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gate's {@code migrate} and {@code rollback} words. A failure stops the gate (NO-GO); a refusal
 * (drift, an older target, files that cannot run) is recorded as a failed step before it is thrown, so
 * a script that catches it cannot hide it. A rollback takes back the {@code migrations} condition.
 */
final class MigrationSteps {

    private MigrationSteps() {
    }

    static StepResult migrate(Connection c, MigrationSet set, String to, GateRecord record, PrintWriter out) {
        long start = System.nanoTime();
        MigrationRun r;
        int pending;
        try (MigrationEngine engine = new MigrationEngine(c, set, EngineOptions.defaults(), e -> out.println(e.line()));
             var beat = record.beat("migrate" + (to == null ? "" : " to " + to) + " on the target", "rehearse estimated", "the rehearsal on a copy")) {
            r = engine.migrate(to);
            pending = r.succeeded() ? engine.status().pending().size() : -1;
        } catch (StagegateException e) {
            // A refusal (drift, an older target, files that cannot run) is a failed step even if the script
            // catches the exception: the record must show it.
            record.unshow(GateCondition.MIGRATIONS);
            record.record(new StepResult("migrate", StepStatus.FAILED, "refused: " + e.getMessage(), List.of(Finding.of(GateCode.MIGRATION_REFUSED,
                    Severity.ERROR, String.valueOf(to), e.getMessage())), Map.of("to", String.valueOf(to)), List.of(), Duration.ZERO), start);
            throw e;
        }
        r.completed().forEach(e -> record.time("migrate " + e.version(), e.duration().toMillis()));
        List<Finding> findings = new ArrayList<>();
        if (!r.succeeded()) {
            findings.add(Finding.of(GateCode.MIGRATION_FAILED, Severity.ERROR, String.valueOf(r.toVersion()), String.valueOf(r.failure())));
        }
        // A partial migrate is a fine step of a runbook, but not every migration is applied yet.
        record.show(GateCondition.MIGRATIONS, r.succeeded() && pending == 0 ? StepStatus.PASSED : StepStatus.INCOMPLETE);
        if (r.succeeded()) {
            record.migratedTo(r.toVersion());
        }
        if (!r.succeeded()) {
            record.unshow(GateCondition.MIGRATIONS);
        }
        StepResult rec = record.record(new StepResult("migrate", r.succeeded() ? StepStatus.PASSED : StepStatus.FAILED,
                (r.fromVersion() == null ? "none" : r.fromVersion()) + " -> " + r.toVersion() + (r.succeeded() ? ", " + pending + " pending"
                        : ": " + r.failure()), findings, Map.of("to", String.valueOf(r.toVersion()), "pending", pending), List.of(), Duration.ZERO), start);
        if (!r.succeeded()) {
            throw new GateStop("migration failed: " + r.failure());
        }
        return rec;
    }

    static StepResult rollback(Connection c, MigrationSet set, String to, GateRecord record, PrintWriter out) {
        long start = System.nanoTime();
        MigrationRun r;
        try (MigrationEngine engine = new MigrationEngine(c, set, EngineOptions.defaults(), e -> out.println(e.line()))) {
            r = engine.rollback(to);
        } catch (StagegateException e) {
            record.unshow(GateCondition.MIGRATIONS);
            record.record(new StepResult("rollback", StepStatus.FAILED, "refused: " + e.getMessage(), List.of(Finding.of(GateCode.MIGRATION_REFUSED,
                    Severity.ERROR, String.valueOf(to), e.getMessage())), Map.of("to", String.valueOf(to)), List.of(), Duration.ZERO), start);
            throw e;
        }
        // Rolled back: the migrations are no longer all applied until a later migrate says so.
        record.unshow(GateCondition.MIGRATIONS);
        StepResult rec = record.record(new StepResult("rollback", r.succeeded() ? StepStatus.PASSED : StepStatus.FAILED, r.fromVersion() + " -> " + r.toVersion()
                + (r.succeeded() ? "" : ": " + r.failure()), r.succeeded() ? List.of()
                : List.of(Finding.of(GateCode.ROLLBACK_FAILED, Severity.ERROR, String.valueOf(r.toVersion()), String.valueOf(r.failure()))),
                Map.of("to", String.valueOf(r.toVersion())), List.of(), Duration.ZERO), start);
        if (!r.succeeded()) {
            throw new GateStop("rollback failed: " + r.failure());
        }
        return rec;
    }
}
