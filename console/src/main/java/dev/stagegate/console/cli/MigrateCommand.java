package dev.stagegate.console.cli;

import dev.stagegate.core.error.ExitCode;
import dev.stagegate.migration.engine.MigrationRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"CE-22: applies pending migrations (to --to VERSION, default all) under a session advisory lock,",
                "with lock_timeout/statement_timeout and bounded retries; logs per-migration timings.",
                "--baseline VERSION adopts a database already at VERSION (by hand, Flyway, Alembic) without running anything.",
                "Exit 0 only when every migration applied."})
final class MigrateCommand extends EngineCommand {

    @Mixin
    EngineSettings settings;

    @Option(names = "--to", paramLabel = "VERSION", description = "Stop after this version (default: the latest).")
    String to;

    @Option(names = "--baseline", paramLabel = "VERSION", description = "Record migrations up to VERSION as applied, without running them.")
    String baseline;

    @Override
    public Integer call() {
        MigrationRun run = runRecorded(settings.options(), "migration", engine -> baseline != null ? engine.baseline(baseline) : engine.migrate(to));
        out().println("[SUCCESS] " + (run.completed().isEmpty() ? "Nothing to apply" : "All migrations completed successfully")
                + " in " + run.duration().toMillis() + " ms");
        return ExitCode.GO.code();
    }
}
