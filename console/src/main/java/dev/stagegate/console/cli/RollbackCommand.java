package dev.stagegate.console.cli;

import dev.stagegate.core.error.ExitCode;
import dev.stagegate.migration.engine.MigrationRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"CE-27: rolls back, newest first, to --to VERSION with each migration's rollback file.",
                "Refuses before touching anything when a rollback file is missing or the version is unknown."})
final class RollbackCommand extends EngineCommand {

    @Mixin
    EngineSettings settings;

    @Option(names = "--to", required = true, paramLabel = "VERSION", description = "The version to end at (it stays applied); none rolls every migration back.")
    String to;

    @Override
    public Integer call() {
        MigrationRun run = runRecorded(settings.options(), "rollback", engine -> engine.rollback(to));
        out().println("[SUCCESS] Rolled back to " + (run.toVersion() == null ? "none (every migration)" : run.toVersion()) + " in " + run.duration().toMillis() + " ms");
        return ExitCode.GO.code();
    }
}
