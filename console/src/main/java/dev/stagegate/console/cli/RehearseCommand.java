package dev.stagegate.console.cli;

import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.Target;
import dev.stagegate.migration.backup.RestoreCheck;
import dev.stagegate.migration.engine.MigrationEngine;
import dev.stagegate.migration.engine.MigrationRun;
import dev.stagegate.migration.rehearsal.DatabaseCopy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "rehearse", mixinStandardHelpOptions = true,
        description = {"CE-21: runs the pending migrations on a disposable copy of the target (CREATE DATABASE ... TEMPLATE when no",
                "other session uses it, else pg_dump restored into a fresh database) and proves the target was not written:",
                "every table's count and content fingerprint before and after are equal. The copy is dropped unless --keep.",
                "Exit 0 when the migrations ran on the copy and the target is unchanged, 1 when a migration failed there."})
final class RehearseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    MigrationInput input;

    @Mixin
    TargetOptions target;

    @Mixin
    EngineSettings settings;

    @Mixin
    OutputOptions output;

    @Option(names = "--to", paramLabel = "VERSION", description = "Rehearse up to this version (default: the latest).")
    String to;

    @Option(names = "--keep", description = "Keep the copy after the rehearsal (its name is printed).")
    boolean keep;

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        var set = input.read();
        // roles, tablespaces, databases: a copy on the same server shares them, so they are refused before any copy is made
        dev.stagegate.migration.rehearsal.ServerWideStatements.requireNone(set);
        Target live;
        String source;
        Map<String, String> before;
        EvidenceRun evidence = EvidenceRun.create(output.evidenceRoot);
        try (Session session = Session.open(target, input.example(), spec.commandLine().getErr())) {
            live = session.live();
            source = live.database();
            evidence.addSecrets(live.secrets());
            before = RestoreCheck.fingerprints(session.connection(), new CatalogReader(session.connection()).read(false));
            out.println("[INFO] Target: " + session.target().describe() + " (read only: it is copied, never migrated)");
        }
        DatabaseCopy copy = DatabaseCopy.make(live, source);
        out.println("[INFO] copy " + copy.name() + " made by " + copy.strategy() + " in " + copy.millis() + " ms");
        List<String> lines = new ArrayList<>();
        MigrationRun run;
        try (Connection c = Connector.open(live.withDatabase(copy.name()));
             MigrationEngine engine = new MigrationEngine(c, set, settings.options(), e -> {
                 out.println(e.line());
                 lines.add(Instant.now() + " " + e.line());
             })) {
            run = engine.migrate(to);
        } finally {
            if (keep) {
                out.println("[INFO] the copy is kept: " + copy.name());
            } else {
                DatabaseCopy.drop(live, copy.name());
            }
        }
        Map<String, String> after;
        try (Connection c = Connector.open(live)) {
            c.setReadOnly(true);
            after = RestoreCheck.fingerprints(c, new CatalogReader(c).read(false));
        }
        boolean untouched = before.equals(after);
        String proof = untouched ? "the target is unchanged: " + before.size() + " fingerprints (tables and catalog extras) equal before and after"
                : "the target CHANGED during the rehearsal (another session wrote to it; stagegate only read it)";
        lines.add(proof);
        out.println("wrote " + evidence.write("dry_run_output.log", "copy " + copy.name() + " by " + copy.strategy() + " in " + copy.millis()
                + " ms\n" + String.join("\n", lines) + "\n"));
        out.println("[" + (untouched ? "INFO" : "WARN") + "] " + proof);
        if (!run.succeeded()) {
            out.println("[FAILED] on the copy: " + run.failure() + "; the target was not migrated, and would have stopped at "
                    + run.toVersion());
            return ExitCode.NO_GO.code();
        }
        out.println("[SUCCESS] rehearsed " + run.fromVersion() + " -> " + run.toVersion() + " on the copy in " + run.duration().toMillis() + " ms");
        return untouched ? ExitCode.GO.code() : ExitCode.INCOMPLETE.code();
    }
}
