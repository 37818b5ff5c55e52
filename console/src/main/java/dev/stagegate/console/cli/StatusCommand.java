package dev.stagegate.console.cli;

import dev.stagegate.core.error.ExitCode;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.engine.MigrationStatus;
import dev.stagegate.migration.source.Migration;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

@Command(name = "status", mixinStandardHelpOptions = true, description = "The schema version, and which migrations are applied and pending.")
final class StatusCommand extends EngineCommand {

    @Override
    public Integer call() {
        PrintWriter out = out();
        return withEngine(EngineOptions.defaults(), e -> { }, (session, engine) -> {
            MigrationStatus s = engine.status();
            out.println("Target: " + session.target().describe());
            out.println("Current schema version: " + (s.currentVersion() == null ? "none" : s.currentVersion()));
            for (Migration m : s.applied()) {
                out.println("  applied  " + m.fileName());
            }
            for (Migration m : s.pending()) {
                out.println("  pending  " + m.fileName() + (m.rollbackFile() == null ? "  (no rollback)" : ""));
            }
            s.unknownApplied().forEach(v -> out.println("  applied  " + v + "  (not in the migrations folder any more)"));
            out.println(s.pending().isEmpty() ? "Up to date." : s.pending().size() + " pending.");
            return ExitCode.GO.code();
        });
    }
}
