package dev.stagegate.console.cli;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.migration.engine.MigrationEngine;
import dev.stagegate.migration.engine.MigrationEvent;
import dev.stagegate.migration.engine.MigrationRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"CE-22: applies pending migrations (to --to VERSION, default all) under a session advisory lock,",
                "with lock_timeout/statement_timeout and bounded retries; logs per-migration timings.",
                "--baseline VERSION adopts a database already at VERSION (by hand, Flyway, Alembic) without running anything.",
                "Exit 0 only when every migration applied."})
final class MigrateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    MigrationInput input;

    @Mixin
    TargetOptions target;

    @Mixin
    EngineSettings settings;

    @Option(names = "--to", paramLabel = "VERSION", description = "Stop after this version (default: the latest).")
    String to;

    @Option(names = "--baseline", paramLabel = "VERSION", description = "Record migrations up to VERSION as applied, without running them.")
    String baseline;

    @Option(names = "--evidence", defaultValue = "evidence", paramLabel = "DIR", description = "Evidence root folder (default: ${DEFAULT-VALUE}).")
    Path evidenceRoot;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var set = input.read();
        List<String> log = new ArrayList<>();
        try (Session session = Session.open(target, input.example(), spec.commandLine().getErr());
             MigrationEngine engine = new MigrationEngine(session.connection(), set, settings.options(), e -> {
                 out.println(e.line());
                 out.flush();
                 log.add(Instant.now() + " " + e.line());
             })) {
            out.println("[INFO] Target: " + session.target().describe());
            MigrationRun run = baseline != null ? engine.baseline(baseline) : engine.migrate(to);
            EvidenceRun evidence = EvidenceRun.create(evidenceRoot);
            evidence.addSecrets(session.live().secrets());
            out.println("wrote " + evidence.write("migration_execution.log", String.join("\n", log) + "\n"));
            out.println("wrote " + evidence.writeJson("migration_timings.json", timings(run)));
            if (!run.succeeded()) {
                throw new StagegateException(ErrorCode.MIGRATION_FAILED, run.failure());
            }
            out.println("[SUCCESS] " + (run.completed().isEmpty() ? "Nothing to apply" : "All migrations completed successfully")
                    + " in " + run.duration().toMillis() + " ms");
            return ExitCode.GO.code();
        }
    }

    static Map<String, Long> timings(MigrationRun run) {
        Map<String, Long> out = new LinkedHashMap<>();
        run.events().stream().filter(e -> e.type() == MigrationEvent.Type.COMPLETED || e.type() == MigrationEvent.Type.ROLLED_BACK)
                .forEach(e -> out.put(e.version(), e.duration().toMillis()));
        return out;
    }
}
