package dev.stagegate.console.cli;

import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.engine.MigrationEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "preview", mixinStandardHelpOptions = true,
        description = {"The exact SQL a migrate (to --to VERSION, default all) or a rollback (--rollback-to VERSION) would run,",
                "history bookkeeping included. Changes nothing."})
final class PreviewCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    MigrationInput input;

    @Mixin
    TargetOptions target;

    @Option(names = "--to", paramLabel = "VERSION", description = "Preview the update up to this version.")
    String to;

    @Option(names = "--rollback-to", paramLabel = "VERSION", description = "Preview the rollback to this version instead.")
    String rollbackTo;

    @Option(names = "--evidence", defaultValue = "evidence", paramLabel = "DIR", description = "Evidence root folder (default: ${DEFAULT-VALUE}).")
    Path evidenceRoot;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var set = input.read();
        try (Session session = Session.open(target, input.example(), spec.commandLine().getErr());
             MigrationEngine engine = new MigrationEngine(session.connection(), set, EngineOptions.defaults(), e -> { })) {
            String sql = rollbackTo != null ? engine.previewRollback(rollbackTo) : engine.previewMigrate(to);
            out.println(sql);
            EvidenceRun evidence = EvidenceRun.create(evidenceRoot);
            evidence.addSecrets(session.live().secrets());
            spec.commandLine().getErr().println("wrote " + evidence.write(rollbackTo != null ? "preview_rollback.sql" : "preview_update.sql", sql));
            return ExitCode.GO.code();
        }
    }
}
