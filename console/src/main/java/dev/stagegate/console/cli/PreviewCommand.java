package dev.stagegate.console.cli;

import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.migration.engine.EngineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "preview", mixinStandardHelpOptions = true,
        description = {"The exact SQL a migrate (to --to VERSION, default all) or a rollback (--rollback-to VERSION) would run,",
                "history bookkeeping included. Changes nothing."})
final class PreviewCommand extends EngineCommand {

    @Option(names = "--to", paramLabel = "VERSION", description = "Preview the update up to this version.")
    String to;

    @Option(names = "--rollback-to", paramLabel = "VERSION", description = "Preview the rollback to this version instead.")
    String rollbackTo;

    @Option(names = "--show-passwords", description = "Keep role passwords in the previewed SQL (masked by default).")
    boolean showPasswords;

    @Override
    public Integer call() {
        return withEngine(EngineOptions.defaults(), e -> { }, (session, engine) -> {
            // A role's password in the SQL is masked unless asked for (--show-passwords): previews get pasted into tickets.
            String sql = rollbackTo != null ? engine.previewRollback(rollbackTo) : engine.previewMigrate(to);
            if (!showPasswords) {
                sql = dev.stagegate.core.target.Secrets.maskSqlPasswords(sql);
            }
            out().println(sql);
            EvidenceRun evidence = EvidenceRun.create(output.evidenceRoot);
            evidence.addSecrets(session.live().secrets());
            spec.commandLine().getErr().println("wrote " + evidence.write(rollbackTo != null ? "preview_rollback.sql" : "preview_update.sql", sql));
            return ExitCode.GO.code();
        });
    }
}
