package dev.stagegate.console.cli;

import dev.stagegate.benchmark.PerformanceCheck;
import dev.stagegate.benchmark.PerformanceResult;
import dev.stagegate.benchmark.StoredBaseline;
import dev.stagegate.benchmark.run.BenchRunner;
import dev.stagegate.benchmark.suite.QuerySuite;
import dev.stagegate.benchmark.verdict.Thresholds;
import dev.stagegate.console.config.ProfileFile;
import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.target.Environment;
import dev.stagegate.core.target.Target;
import dev.stagegate.core.target.TargetResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchCommand.Record.class, BenchCommand.Compare.class},
        description = {"CE-26: the suite's queries timed by JMH on the baseline (a copy of the database before the migration) and the",
                "candidate (after), interleaved query by query and round by round; each query judged by r = median(candidate) /",
                "median(baseline) with a 95% interval: PASS under 1.10, FAIL over, ROLLBACK at 1.30 and more; no verdict when the",
                "control query moved over 5% or the samples spread over 25% (the seeds' numbers; --slower-fails, --slower-rollback,",
                "--control-drift, --max-spread change them). Also both plans of every query, index usage, connection",
                "health, slow statements and sizes (ce26_performance_report.md). Exit 0 when every query passes, 1 when one fails",
                "or a finding fails (a broken query, a changed result, a big table's new seq scan, a leaked connection), 6 when there",
                "is no verdict, 2 for a bad suite or option, 3 when another benchmark holds the host. `bench record` / `bench compare`",
                "keep a baseline in a file instead (not interleaved)."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Common common;

    @Option(names = "--baseline-db", paramLabel = "URL", description = "The database before the migration (a copy of it).")
    String baselineUrl;

    @Option(names = "--baseline-json", paramLabel = "FILE", description = "A baseline stored by `bench record` instead of --baseline-db.")
    Path baselineJson;

    // not `required`: picocli would demand the parent's required options of `bench record` and `bench compare` too
    @Option(names = "--candidate-db", paramLabel = "URL", description = "The database after the migration.")
    String candidateUrl;

    /** Options every form of bench takes. */
    static final class Common {
        @Option(names = "--suite", paramLabel = "FILE", description = "The query suite (-- name: / -- param: / -- max: / -- control).")
        Path suite;

        @Option(names = "--rounds", defaultValue = "6", paramLabel = "N", description = "Rounds of one fork per query per arm (default: ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--warmup", defaultValue = "2x600ms", paramLabel = "NxTIME",
                description = "Warmup iterations per fork (default: ${DEFAULT-VALUE}; under a second measures the host settling, not the query).")
        String warmup;

        @Option(names = "--measure", defaultValue = "3x300ms", paramLabel = "NxTIME", description = "Measurement iterations per fork (default: ${DEFAULT-VALUE}).")
        String measure;

        @Option(names = "--pin-cpu", defaultValue = "auto", paramLabel = "auto|off|N",
                description = "Put each fork and its server backend on one CPU (default: ${DEFAULT-VALUE}, when the server is on this machine).")
        String pinCpu;

        @Option(names = "--big-table-rows", defaultValue = "100000", paramLabel = "N",
                description = "A table this big makes a new sequential scan an error (default: ${DEFAULT-VALUE}).")
        long bigTableRows;

        @Option(names = "--slower-fails", paramLabel = "PCT", description = "A query this much slower fails (default: 10%, the seeds').")
        String slowerFails;

        @Option(names = "--slower-rollback", paramLabel = "PCT", description = "A failing query this much slower is a rollback trigger (default: 30%).")
        String slowerRollback;

        @Option(names = "--control-drift", paramLabel = "PCT", description = "The control query moving more than this withholds every verdict (default: 5%).")
        String controlDrift;

        @Option(names = "--max-spread", paramLabel = "PCT", description = "Rounds whose ratios spread more than this give no verdict (default: 25%).")
        String maxSpread;

        @Option(names = "--config", paramLabel = "FILE", description = "Profiles file, for passwords kept there.")
        Path config;

        @Mixin
        OutputOptions output;

        PerformanceCheck.Options options() {
            return new PerformanceCheck.Options(BenchRunner.Settings.of(rounds, warmup, measure, "--").withPin(pinCpu, "--pin-cpu"),
                    Thresholds.of(slowerFails, slowerRollback, controlDrift, maxSpread, Thresholds.CLI), bigTableRows);
        }

        QuerySuite readSuite() {
            if (suite == null) {
                throw new StagegateException(ErrorCode.USAGE, "bench needs its query suite: --suite FILE (-- name: / -- param: / -- max: / -- control)");
            }
            return QuerySuite.read(suite);
        }

        Target resolve(String url) {
            ProfileFile profiles = ProfileFile.locate(config, Environment.system());
            return new TargetResolver(Environment.system(), profiles.profiles(), profiles.describe()).resolve(url, null);
        }
    }

    @Override
    public Integer call() throws SQLException {
        if (candidateUrl == null) {
            throw new StagegateException(ErrorCode.USAGE, "bench needs the migrated database: --candidate-db URL");
        }
        if ((baselineUrl == null) == (baselineJson == null)) {
            throw new StagegateException(ErrorCode.USAGE, "give the baseline once: --baseline-db URL (a copy of the database before the migration) "
                    + "or --baseline-json FILE (stored by `stagegate bench record`)");
        }
        return baselineJson != null ? Compare.run(common, baselineJson, candidateUrl, spec.commandLine().getOut())
                : run(common, baselineUrl, candidateUrl, spec.commandLine().getOut());
    }

    static int run(Common c, String baselineUrl, String candidateUrl, PrintWriter out) throws SQLException {
        PerformanceCheck.Options o = c.options();
        QuerySuite suite = c.readSuite();
        Target baseline = c.resolve(baselineUrl);
        Target candidate = c.resolve(candidateUrl);
        EvidenceRun evidence = EvidenceRun.create(c.output.evidenceRoot);
        evidence.addSecrets(baseline.secrets());
        evidence.addSecrets(candidate.secrets());
        return BenchOutput.print(PerformanceCheck.run(baseline, candidate, suite, o, evidence, dev.stagegate.core.progress.Progress.lines(out, dev.stagegate.core.progress.Progress.onTerminal())), o.thresholds(), out);
    }

    @Command(name = "record", mixinStandardHelpOptions = true, description = {"Measures the baseline alone (the database before the migration) and",
            "writes baseline_benchmark.json into the evidence folder, for a later `stagegate bench compare` (or --baseline-json)."})
    static final class Record implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Common common;

        @Option(names = "--db", required = true, paramLabel = "URL", description = "The database before the migration.")
        String db;

        @Override
        public Integer call() throws SQLException {
            PrintWriter out = spec.commandLine().getOut();
            Target t = common.resolve(db);
            EvidenceRun evidence = EvidenceRun.create(common.output.evidenceRoot);
            evidence.addSecrets(t.secrets());
            Path file = PerformanceCheck.record(t, common.readSuite(), common.options(), evidence, dev.stagegate.core.progress.Progress.lines(out, dev.stagegate.core.progress.Progress.onTerminal()));
            out.println("wrote " + file + " (compare with: stagegate bench compare --suite " + common.suite + " --baseline-json " + file
                    + " --candidate-db <the migrated database>)");
            return 0;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true, description = {"Measures the candidate alone and judges it against a baseline",
            "stored by `bench record`: marked not interleaved, since host drift between the two runs is not controlled."})
    static final class Compare implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Common common;

        @Option(names = "--baseline-json", required = true, paramLabel = "FILE", description = "The file `bench record` wrote.")
        Path baselineJson;

        @Option(names = "--candidate-db", required = true, paramLabel = "URL", description = "The database after the migration.")
        String candidateUrl;

        @Override
        public Integer call() throws SQLException {
            return run(common, baselineJson, candidateUrl, spec.commandLine().getOut());
        }

        static int run(Common c, Path stored, String candidateUrl, PrintWriter out) throws SQLException {
            if (!Files.isRegularFile(stored)) {
                throw new StagegateException(ErrorCode.INPUT_INVALID, "--baseline-json " + stored + " is no file; write one with `stagegate bench record`");
            }
            Target candidate = c.resolve(candidateUrl);
            EvidenceRun evidence = EvidenceRun.create(c.output.evidenceRoot);
            evidence.addSecrets(candidate.secrets());
            PerformanceCheck.Options o = c.options();
            PerformanceResult r = StoredBaseline.compare(stored, candidate, c.readSuite(), o, evidence, dev.stagegate.core.progress.Progress.lines(out, dev.stagegate.core.progress.Progress.onTerminal()));
            return BenchOutput.print(r, o.thresholds(), out);
        }
    }
}
