package dev.stagegate.console.cli;

import dev.stagegate.core.error.ExitCode;
import dev.stagegate.migration.engine.AppliedMigration;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.engine.MigrationEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "history", mixinStandardHelpOptions = true, description = "Every applied change, in order, with when it ran and its version tag.")
final class HistoryCommand implements Callable<Integer> {

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
            out.printf(Locale.ROOT, "%-5s %-12s %-10s %-8s %s%n", "order", "id", "type", "tag", "executed at");
            for (AppliedMigration a : engine.history()) {
                out.printf(Locale.ROOT, "%-5d %-12s %-10s %-8s %s%n", a.order(), a.id(), a.execType(),
                        a.tag() == null ? "" : a.tag(), a.executedAt());
            }
            return ExitCode.GO.code();
        }
    }
}
