package dev.stagegate.console.cli;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.migration.engine.MigrationEngine;
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
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"CE-27: rolls back, newest first, to --to VERSION with each migration's rollback file.",
                "Refuses before touching anything when a rollback file is missing or the version is unknown."})
final class RollbackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    MigrationInput input;

    @Mixin
    TargetOptions target;

    @Mixin
    EngineSettings settings;

    @Option(names = "--to", required = true, paramLabel = "VERSION", description = "The version to end at (it stays applied).")
    String to;

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
            MigrationRun run = engine.rollback(to);
            EvidenceRun evidence = EvidenceRun.create(evidenceRoot);
            evidence.addSecrets(session.live().secrets());
            out.println("wrote " + evidence.write("rollback_execution.log", String.join("\n", log) + "\n"));
            out.println("wrote " + evidence.writeJson("rollback_timings.json", MigrateCommand.timings(run)));
            if (!run.succeeded()) {
                throw new StagegateException(ErrorCode.MIGRATION_FAILED, run.failure());
            }
            out.println("[SUCCESS] Rolled back to " + run.toVersion() + " in " + run.duration().toMillis() + " ms");
            return ExitCode.GO.code();
        }
    }
}
