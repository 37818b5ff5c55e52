package dev.stagegate.console.cli;

import dev.stagegate.console.config.DurationText;
import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.reporting.Reports;
import dev.stagegate.reporting.model.GateReport;
import dev.stagegate.reporting.model.GateResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code stagegate report DIR}: the seeds' {@code generate_migration_report.py --input-dir}. Makes every
 * CE-28 document again from a saved gate run; the exit code is the run's verdict, as {@code run} ended.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes the readiness report, go/no-go checklist, task tracker, junit.xml, CSV files and manifest-sha256.txt "
                + "again from a saved gate run's folder (its gate_results.json). Exits with the run's verdict code."})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The run folder `stagegate run` printed (evidence/<run-id>).")
    Path folder;

    @Option(names = "--window", paramLabel = "DURATION", description = "The maintenance window to judge the rehearsed duration against, e.g. 2h.")
    String window;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(folder)) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, folder + " is not a folder: give the run folder `stagegate run` printed (evidence/<run-id>)");
        }
        Path dir;
        try {
            // a link to a run folder works on the folder itself
            dir = folder.toRealPath();
        } catch (java.io.IOException e) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, folder + " cannot be read (" + e.getMessage() + "): give a run folder you can read");
        }
        long minutes = window == null ? 0 : windowMinutes(window);
        GateReport r = GateResults.read(dir);
        EvidenceRun run = EvidenceRun.open(dir.getParent(), dir.getFileName().toString());
        List<Path> files = Reports.write(dir, minutes, run::write);
        files.forEach(f -> out.println((f.getFileName().toString().contains(".edited-") ? "kept your edited copy as " : "wrote ") + f));
        out.println(r.verdictLine());
        return r.exitCode();
    }

    /** Whole minutes, at least one: a window is planned in minutes, and 90 (seconds) was surely meant otherwise. */
    static long windowMinutes(String text) {
        java.time.Duration d = DurationText.parse("--window", text);
        if (d.isZero() || d.isNegative() || d.compareTo(java.time.Duration.ofDays(7)) > 0 || d.toMillis() % 60_000 != 0) {
            throw new StagegateException(ErrorCode.USAGE, "--window '" + text + "' is not a maintenance window of whole minutes up to a week; "
                    + "write e.g. 2h or 90m");
        }
        return d.toMinutes();
    }
}
