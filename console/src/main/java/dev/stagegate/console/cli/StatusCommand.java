package dev.stagegate.console.cli;

import dev.stagegate.core.error.ExitCode;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.engine.MigrationEngine;
import dev.stagegate.migration.engine.MigrationStatus;
import dev.stagegate.migration.source.Migration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true, description = "The schema version, and which migrations are applied and pending.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    MigrationInput input;

    @Mixin
    TargetOptions target;

    @picocli.CommandLine.Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var set = input.read();
        try (Session session = Session.open(target, input.example(), spec.commandLine().getErr());
             MigrationEngine engine = new MigrationEngine(session.connection(), set, EngineOptions.defaults(), e -> { })) {
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
        }
    }
}
