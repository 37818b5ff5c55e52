package dev.stagegate.console.cli;

import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.migration.backup.Backup;
import dev.stagegate.migration.backup.PgTools;
import dev.stagegate.migration.backup.RestoreCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"CE-20/CE-22: a backup with the real pg_dump -Fc (a client of the server's major or newer), read back",
                "whole before it is named <label>_YYYYMMDD_HHMMSS.dump beside its .dump.metadata (size, sha256, versions,",
                "duration, object counts). --restore-test restores it into a scratch database and compares schema, row",
                "counts and content with the source. Exit 0 when the backup (and restore test) passed, 1 when the restore",
                "differs, 3 when no suitable pg_dump exists, 4 when the dump failed."})
final class BackupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Option(names = "--example", paramLabel = "NAME", description = "Back up an example's database (with no target, on the embedded server).")
    String exampleName;

    @Option(names = "--label", defaultValue = "pre_migration", paramLabel = "LABEL", description = "Name of the backup (default: ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--dir", defaultValue = "backups", paramLabel = "DIR", description = "Folder for the dump and its metadata (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--restore-test", description = "Restore the dump into a scratch database and compare it with the source.")
    boolean restoreTest;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        dev.stagegate.core.example.Example example = exampleName == null ? null : dev.stagegate.core.example.Example.locate(exampleName);
        try (Session session = Session.open(target, example, spec.commandLine().getErr())) {
            // the evidence folder first: a dump is not taken only to find nowhere to say so
            EvidenceRun run = EvidenceRun.create(output.evidenceRoot);
            run.addSecrets(session.live().secrets());
            PgTools tools = PgTools.find(session.info().major());
            out.println("Backing up " + session.target().describe() + " with " + tools.pgDump() + " (PostgreSQL " + tools.major() + ")");
            Backup.Result r = Backup.run(session.live(), session.info(), new CatalogReader(session.connection()).read(false), dir, label, tools,
                    restoreTest ? session.connection() : null);
            out.printf(Locale.ROOT, "wrote %s (%d bytes, sha256 %s, %d ms), %s%n", r.file(), r.bytes(), r.sha256(), r.millis(),
                    restoreTest ? "restored to check it" : "read back whole");
            StringBuilder log = new StringBuilder("backup " + r.file().getFileName() + "\nbytes " + r.bytes() + "\nsha256 " + r.sha256()
                    + "\nserver " + r.serverVersion() + "\npg_dump " + r.pgDumpVersion() + "\nduration_ms " + r.millis() + "\n");
            int exit = ExitCode.GO.code();
            if (restoreTest) {
                RestoreCheck.Result t = r.restore();
                log.append("restore_test ").append(t.equal() ? "PASSED" : "FAILED").append(" in ").append(t.restoreMillis()).append(" ms, ")
                        .append(t.tables()).append(" tables compared\n");
                t.differences().forEach(d -> log.append("  ").append(d).append('\n'));
                if (!t.ran()) {
                    out.println("restore test NOT TESTED: " + String.join("; ", t.differences()) + "; the dump was read back whole and kept");
                    exit = ExitCode.INCOMPLETE.code();
                } else {
                    out.printf(Locale.ROOT, "restore test %s: restored in %d ms into a scratch database, %d tables compared (schema, exact rows, "
                            + "content)%s%n", t.equal() ? "PASSED" : "FAILED", t.restoreMillis(), t.tables(),
                            t.tables() == 0 ? "; the database holds no table, so only the schema was compared" : "");
                    out.println("  not compared: " + RestoreCheck.NOT_COMPARED);
                    t.differences().forEach(d -> out.println("  " + d));
                    exit = t.equal() ? ExitCode.GO.code() : ExitCode.NO_GO.code();
                }
            }
            out.println("wrote " + run.write("backup_" + label + ".log", log.toString()));
            return exit;
        }
    }
}
