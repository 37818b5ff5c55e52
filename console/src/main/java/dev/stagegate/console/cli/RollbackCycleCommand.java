package dev.stagegate.console.cli;

import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.target.Target;
import dev.stagegate.migration.rehearsal.RehearsalFindings;
import dev.stagegate.migration.rehearsal.RollbackCycle;
import dev.stagegate.migration.rehearsal.RollbackDocuments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "rollback-cycle", mixinStandardHelpOptions = true,
        description = {"CE-27 on a disposable copy of the target with its data: forward to the top version, back to --to, forward",
                "again. After the rollback every table and column must hold what it held at --to; after the second forward",
                "run, what the first gave. Each step is observed like a rehearsal. Writes ROLLBACK_PROCEDURE.md,",
                "ROLLBACK_VERIFICATION_CHECKLIST.md and ce27_rollback_test_results.log. The target is only read.",
                "Exit 0 when the cycle kept the data, 1 when a step failed or data was lost, 5 when the target changed."})
final class RollbackCycleCommand implements Callable<Integer> {

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

    @Option(names = "--to", paramLabel = "VERSION", description = "The version to roll back to (V).")
    String to;

    @Option(names = "--top", paramLabel = "VERSION", description = "The version to go forward to first (default: the latest).")
    String top;

    @Option(names = "--full", description = "Roll back from the top to the first version.")
    boolean full;

    @Option(names = "--except", split = ",", paramLabel = "TABLE", description = "Tables left out of the comparison, such as a log a "
            + "migration writes to on purpose (comma-separated).")
    List<String> except;

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        if (to == null && !full) {
            throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.USAGE,
                    "say which version to roll back to: --to 003 (or --full)");
        }
        var set = input.read();
        RehearsalFindings.Thresholds thresholds = rehearsal.thresholds();
        EvidenceRun evidence = EvidenceRun.create(output.evidenceRoot);
        Target live = CopySource.open(target, input.example(), evidence, out, spec.commandLine().getErr());
        RollbackCycle.Result r = RollbackCycle.run(live, set, settings.options(), new RollbackCycle.Options(to, top, full, rehearsal.strategy(),
                rehearsal.keep, rehearsal.probeWait(), except == null ? java.util.Set.of() : java.util.Set.copyOf(except)), out::println);
        List<Finding> findings = RehearsalFindings.of(r, thresholds);
        FindingsPrinter.print(out, findings);
        RollbackDocuments.write(evidence, set, r, findings, command()).forEach(p -> out.println("wrote " + p));
        if (!r.passed() && (r.failure() != null || !r.lostByRollback().isEmpty() || !r.notRepeated().isEmpty()
                || !r.schemaNotRestored().isEmpty())) {
            out.println("[FAILED] rollback cycle " + r.top() + " -> " + r.back() + " -> " + r.top() + " on the copy: "
                    + (r.failure() != null ? r.failure() : FindingsPrinter.tally(findings)) + "; the target was not touched");
            return ExitCode.NO_GO.code();
        }
        if (!r.target().untouched()) {
            out.println("[INCOMPLETE] the cycle kept the data, but the target changed meanwhile: " + r.target().text());
            return ExitCode.INCOMPLETE.code();
        }
        if (!r.atVCaptured()) {
            out.println("[INCOMPLETE] rollback cycle " + r.top() + " -> " + r.back() + " -> " + r.top() + " on the copy kept the data at "
                    + r.top() + "; at " + r.back() + " NOT TESTED: the target was already past it, so its data there was never seen "
                    + "(rehearse from a database at " + r.back() + " or before)");
            return ExitCode.INCOMPLETE.code();
        }
        out.println("[SUCCESS] rollback cycle " + r.top() + " -> " + r.back() + " -> " + r.top() + " on the copy kept the data and the schema (at "
                + r.back() + " and at " + r.top() + ")" + (r.except().isEmpty() ? "" : "; left out: " + String.join(", ", r.except())));
        return ExitCode.GO.code();
    }

    /** How this target is rolled back by hand, for ROLLBACK_PROCEDURE.md (no password: the URL's is masked anyway). */
    private String command() {
        String where = target.env != null ? " --env " + target.env : target.url != null ? " --url '" + target.url + "'" : "";
        String what = input.migrations != null ? " -m " + input.migrations : input.positional != null ? " " + input.positional : input.exampleName != null ? " --example " + input.exampleName : "";
        return "stagegate rollback" + what + where;
    }
}
