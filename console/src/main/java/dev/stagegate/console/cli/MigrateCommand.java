package dev.stagegate.console.cli;

import dev.stagegate.core.error.ExitCode;
import dev.stagegate.migration.engine.MigrationRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"CE-22: applies pending migrations (to --to VERSION, default all) under a session advisory lock,",
                "with lock_timeout/statement_timeout and bounded retries; logs per-migration timings.",
                "A database another tool migrated (diesel, golang-migrate, dbmate, Sqitch, graphile-migrate, Flyway) is adopted at the",
                "version its history reached. --baseline VERSION adopts one already at VERSION without running anything;",
                "--baseline none migrates from the first over objects that exist but are not the migrations'.",
                "Exit 0 only when every migration applied."})
final class MigrateCommand extends EngineCommand {

    @Mixin
    EngineSettings settings;

    @Option(names = "--to", paramLabel = "VERSION", description = "Stop after this version (default: the latest).")
    String to;

    @Option(names = "--baseline", paramLabel = "VERSION", description = "Record migrations up to VERSION as applied, without running them; "
            + "none: nothing is applied yet, migrate from the first although the database has tables.")
    String baseline;

    @Override
    public Integer call() {
        MigrationRun run = runRecorded(settings.options(), "migration", engine -> baseline == null ? engine.migrate(to)
                : baseline.equals(dev.stagegate.migration.engine.MigrationEngine.NONE) ? engine.migrate(to, true) : engine.baseline(baseline));
        out().println("[SUCCESS] " + (run.completed().isEmpty() ? "Nothing to apply" : "All migrations completed successfully")
                + " in " + run.duration().toMillis() + " ms");
        return ExitCode.GO.code();
    }
}
