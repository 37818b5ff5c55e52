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
        if (to != null && set.find(to).isEmpty()) {
            throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.VERSION_UNKNOWN, "--to " + to
                    + " is no migration of this set; the latest is " + set.latest().map(m -> m.version().toString()).orElse("(none)"));
        }
        Target live;
        String source;
        Map<String, String> before;
        dev.stagegate.core.snapshot.SchemaSnapshot schemaBefore;
        Map<String, String> serverBefore;
        EvidenceRun evidence = EvidenceRun.create(output.evidenceRoot);
        try (Session session = Session.open(target, input.example(), spec.commandLine().getErr())) {
            live = session.live();
            source = live.database();
            evidence.addSecrets(live.secrets());
            schemaBefore = new CatalogReader(session.connection()).read(false);
            before = RestoreCheck.fingerprints(session.connection(), schemaBefore);
            serverBefore = dev.stagegate.migration.rehearsal.ServerState.read(session.connection());
            out.println("[INFO] Target: " + session.target().describe() + " (read only: it is copied, never migrated)");
        }
        DatabaseCopy copy = DatabaseCopy.make(live, source);
        // a kill or Ctrl-C during the rehearsal takes the copy with it
        Thread cleanup = new Thread(() -> DatabaseCopy.drop(live, copy.name()), "sg-rehearsal-cleanup");
        if (!keep) {
            Runtime.getRuntime().addShutdownHook(cleanup);
        }
        out.println("[INFO] copy " + copy.name() + " made by " + copy.strategy() + " in " + copy.millis() + " ms");
        List<String> lines = new ArrayList<>();
        MigrationRun run;
        boolean copyFaithful;
        try (Connection c = Connector.open(live.withDatabase(copy.name()))) {
            // the copy is what was fingerprinted: a change between the two would make the rehearsal about another database
            copyFaithful = before.equals(RestoreCheck.fingerprints(c, new CatalogReader(c).read(false)));
        }
        if (!copyFaithful) {
            out.println("[WARN] the copy differs from the target as it was read: the target changed while it was copied");
        }
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
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // the hook drops what is already gone
                }
            }
        }
        Map<String, String> after;
        List<dev.stagegate.core.snapshot.SnapshotDiff.Change> schemaChanges;
        List<String> serverChanges;
        try (Connection c = Connector.open(live)) {
            c.setReadOnly(true);
            var schemaAfter = new CatalogReader(c).read(false);
            after = RestoreCheck.fingerprints(c, schemaAfter);
            schemaChanges = dev.stagegate.core.snapshot.SnapshotDiff.between(schemaBefore, schemaAfter).changes();
            serverChanges = dev.stagegate.migration.rehearsal.ServerState.differences(serverBefore,
                    dev.stagegate.migration.rehearsal.ServerState.read(c));
        }
        boolean untouched = before.equals(after) && schemaChanges.isEmpty() && serverChanges.isEmpty() && copyFaithful;
        String proof = untouched ? "the target is unchanged: its schema (functions, policies, RLS, views, indexes...), " + before.size()
                + " fingerprints (rows of every table, sequences, privileges, comments) and the server's roles, memberships, settings and "
                + "databases are equal before and after"
                : "the target CHANGED during the rehearsal" + (schemaChanges.isEmpty() ? "" : " (" + schemaChanges.size() + " schema change(s), e.g. "
                + schemaChanges.get(0).kind() + " " + schemaChanges.get(0).object() + ")") + (serverChanges.isEmpty() ? "" : " (on the server: "
                + String.join(", ", serverChanges.subList(0, Math.min(3, serverChanges.size()))) + ")") + ": another session wrote to it, "
                + "or a migration reached it from the copy; stagegate itself only read it";
        lines.add(proof);
        out.println("wrote " + evidence.write("dry_run_output.log", "copy " + copy.name() + " by " + copy.strategy() + " in " + copy.millis()
                + " ms\n" + String.join("\n", lines) + "\n"));
        out.println("[" + (untouched ? "INFO" : "WARN") + "] " + proof);
        if (!run.succeeded()) {
            out.println("[FAILED] on the copy: " + run.failure() + "; the target was not migrated, and would have stopped at "
                    + run.toVersion());
            return ExitCode.NO_GO.code();
        }
        String from = run.fromVersion() == null ? "(no version)" : run.fromVersion();
        if (run.completed().isEmpty()) {
            out.println("[INFO] nothing is pending: the target is at " + from + ", so nothing was rehearsed");
            return untouched ? ExitCode.GO.code() : ExitCode.INCOMPLETE.code();
        }
        out.println((untouched ? "[SUCCESS] rehearsed " : "[INCOMPLETE] rehearsed, but the target changed: ") + from + " -> " + run.toVersion()
                + " on the copy in " + run.duration().toMillis() + " ms");
        return untouched ? ExitCode.GO.code() : ExitCode.INCOMPLETE.code();
    }
}
