package dev.stagegate.console.cli;

import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.target.Target;
import dev.stagegate.migration.rehearsal.Rehearsal;
import dev.stagegate.migration.rehearsal.RehearsalFindings;
import dev.stagegate.migration.rehearsal.RehearsalReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rehearse", mixinStandardHelpOptions = true,
        description = {"CE-21: runs the pending migrations on a disposable copy of the target and observes them: per statement the",
                "locks it took and how long they were held, rewrites, the stand-in queries it blocked, what changed that its",
                "text does not name, and each migration's time (migration_locks.md/.json, migration_execution_plan.md,",
                "dry_run_output.log). The target is only read, and proven unchanged. The copy is dropped unless --keep.",
                "Exit 0 when the migrations ran on the copy and the target is unchanged, 1 when one failed there, 5 when",
                "the target changed meanwhile."})
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
    RehearsalSettings rehearsal;

    @Mixin
    OutputOptions output;

    @Option(names = "--to", paramLabel = "VERSION", description = "Rehearse up to this version (default: the latest).")
    String to;

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        var set = input.read();
        RehearsalFindings.Thresholds thresholds = rehearsal.thresholds();
        Rehearsal.Options options = new Rehearsal.Options(to, rehearsal.strategy(), rehearsal.keep, rehearsal.probeWait());
        EvidenceRun evidence = EvidenceRun.create(output.evidenceRoot);
        Target live = CopySource.open(target, input.example(), evidence, out, spec.commandLine().getErr());
        Rehearsal.Result r = Rehearsal.run(live, set, settings.options(), options, out::println);
        List<Finding> findings = RehearsalFindings.of(r, thresholds);
        FindingsPrinter.print(out, findings);
        RehearsalReport.write(evidence, set, r, findings).forEach(p -> out.println("wrote " + p));
        out.println("[" + (r.target().untouched() ? "INFO" : "WARN") + "] " + r.target().text());
        var run = r.observation().run();
        if (!r.succeeded()) {
            out.println("[FAILED] on the copy: " + run.failure() + "; the target was not migrated, and would have stopped at " + run.toVersion());
            return ExitCode.NO_GO.code();
        }
        String from = r.from() == null ? "(no version)" : r.from();
        if (r.nothingPending()) {
            out.println("[INFO] nothing is pending: the target is at " + from + ", so nothing was rehearsed");
            return r.target().untouched() ? ExitCode.GO.code() : ExitCode.INCOMPLETE.code();
        }
        out.println((r.target().untouched() ? "[SUCCESS] rehearsed " : "[INCOMPLETE] rehearsed, but the target changed: ") + from + " -> "
                + run.toVersion() + " on the copy in " + run.duration().toMillis() + " ms; " + FindingsPrinter.tally(findings));
        return r.target().untouched() ? ExitCode.GO.code() : ExitCode.INCOMPLETE.code();
    }
}
