package dev.stagegate.console.cli;

import dev.stagegate.core.error.ExitCode;
import dev.stagegate.migration.engine.AppliedMigration;
import dev.stagegate.migration.engine.EngineOptions;
import picocli.CommandLine.Command;

import java.util.Locale;

@Command(name = "history", mixinStandardHelpOptions = true, description = "Every applied change, in order, with when it ran and its version tag.")
final class HistoryCommand extends EngineCommand {

    @Override
    public Integer call() {
        return withEngine(EngineOptions.defaults(), e -> { }, (session, engine) -> {
            out().printf(Locale.ROOT, "%-5s %-12s %-10s %-8s %s%n", "order", "id", "type", "tag", "executed at");
            for (AppliedMigration a : engine.history()) {
                out().printf(Locale.ROOT, "%-5d %-12s %-10s %-8s %s%n", a.order(), a.id(), a.execType(),
                        a.tag() == null ? "" : a.tag(), a.executedAt());
            }
            return ExitCode.GO.code();
        });
    }
}
