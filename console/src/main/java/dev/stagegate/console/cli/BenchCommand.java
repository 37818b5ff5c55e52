package dev.stagegate.console.cli;

import dev.stagegate.benchmark.run.BenchRunner;
import dev.stagegate.benchmark.run.SuiteParameters;
import dev.stagegate.benchmark.suite.QuerySuite;
import dev.stagegate.benchmark.suite.SuiteQuery;
import dev.stagegate.benchmark.verdict.Comparison;
import dev.stagegate.benchmark.verdict.Outcome;
import dev.stagegate.benchmark.verdict.QueryVerdict;
import dev.stagegate.benchmark.verdict.Thresholds;
import dev.stagegate.console.config.ProfileFile;
import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.Environment;
import dev.stagegate.core.target.Target;
import dev.stagegate.core.target.TargetResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"CE-26: the suite's queries timed by JMH on the baseline (the database before the migration) and the",
                "candidate (after), interleaved round by round, each query judged by the ratio of medians with a 95% interval:",
                "PASS under 1.10, FAIL over, ROLLBACK at 1.30 and more; no verdict when the control query moved over 5% or the",
                "samples spread over 25%. Exit 0 when every query passes, 1 when one fails, 6 when there is no verdict."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--suite", required = true, paramLabel = "FILE", description = "The query suite (-- name: / -- param: / -- max: / -- control).")
    Path suite;

    @Option(names = "--baseline-db", required = true, paramLabel = "URL", description = "The database before the migration (a copy of it).")
    String baselineUrl;

    @Option(names = "--candidate-db", required = true, paramLabel = "URL", description = "The database after the migration.")
    String candidateUrl;

    @Option(names = "--rounds", defaultValue = "6", paramLabel = "N", description = "Rounds of one fork per query per arm (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--measure", defaultValue = "3x500ms", paramLabel = "NxTIME",
            description = "Measurement iterations per fork (default: ${DEFAULT-VALUE}); warmup is two iterations of the same time.")
    String measure;

    @Option(names = "--config", paramLabel = "FILE", description = "Profiles file, for passwords kept there.")
    Path config;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        if (rounds < 3) {
            throw new StagegateException(ErrorCode.USAGE, "--rounds " + rounds + " gives fewer than 3 forks per arm, too few for an interval; give 3 or more");
        }
        BenchRunner.Settings settings = settings();
        QuerySuite s = QuerySuite.read(suite);
        TargetResolver resolver = new TargetResolver(Environment.system(), ProfileFile.locate(config, Environment.system()).profiles(),
                ProfileFile.locate(config, Environment.system()).describe());
        Target baseline = resolver.resolve(baselineUrl, null);
        Target candidate = resolver.resolve(candidateUrl, null);
        EvidenceRun evidence = EvidenceRun.create(output.evidenceRoot);
        evidence.addSecrets(baseline.secrets());
        evidence.addSecrets(candidate.secrets());
        Map<String, Object> params;
        try (Connection c = Connector.open(baseline)) {
            params = SuiteParameters.pick(c, s);
        }
        try (Connection c = Connector.open(candidate)) {
            c.isValid(5);
        }
        out.println("[INFO] " + s.queries().size() + " queries, " + rounds + " rounds of one fork per query per arm, interleaved");
        Path jmh = evidence.folder().resolve("jmh");
        BenchRunner.Samples samples = BenchRunner.run(baseline, candidate, s, params, settings, jmh);
        String control = s.control().map(SuiteQuery::id).orElse(null);
        Map<String, QueryVerdict> v = Comparison.judge(samples.baseline(), samples.candidate(), control, Thresholds.seeds(), false);
        if (v.values().stream().anyMatch(x -> x.outcome() == Outcome.INCONCLUSIVE)) {
            out.println("[INFO] inconclusive: " + rounds + " more rounds, once");
            BenchRunner.Samples more = BenchRunner.run(baseline, candidate, s, params, settings, jmh.resolve("more"));
            samples = new BenchRunner.Samples(concat(samples.baseline(), more.baseline()), concat(samples.candidate(), more.candidate()),
                    samples.jmhJson());
            v = Comparison.judge(samples.baseline(), samples.candidate(), control, Thresholds.seeds(), true);
        }
        if (control == null) {
            out.println("[WARN] the suite has no `-- control` query: host drift between the arms is not checked");
        }
        for (QueryVerdict q : v.values()) {
            out.printf(Locale.ROOT, "%-11s %-32s r %.3f (95%% CI %.3f-%.3f)  %s%n", q.outcome(), q.id(), q.ratio(), q.low(), q.high(), q.why());
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("suite", s.file().toString());
        results.put("rounds", rounds);
        results.put("verdicts", v);
        results.put("baseline_ms", samples.baseline());
        results.put("candidate_ms", samples.candidate());
        out.println("wrote " + evidence.writeJson("ce26_benchmark_results.json", results));
        Outcome worst = Comparison.worst(v);
        out.println("VERDICT: " + worst + (worst == Outcome.ROLLBACK ? " (a rollback trigger: a query is 30% slower or more)" : ""));
        return switch (worst) {
            case PASS, PASS_WARN -> ExitCode.GO.code();
            case NO_VERDICT, INCONCLUSIVE -> ExitCode.NO_VERDICT.code();
            default -> ExitCode.NO_GO.code();
        };
    }

    private BenchRunner.Settings settings() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)x(\\d+)ms").matcher(measure.strip());
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1) {
            throw new StagegateException(ErrorCode.USAGE, "--measure " + measure + " is not NxTIME; write e.g. 3x500ms");
        }
        long ms = Long.parseLong(m.group(2));
        return new BenchRunner.Settings(rounds, 2, ms, Integer.parseInt(m.group(1)), ms);
    }

    private static Map<String, double[]> concat(Map<String, double[]> a, Map<String, double[]> b) {
        Map<String, double[]> out = new LinkedHashMap<>();
        a.forEach((k, x) -> {
            double[] y = b.getOrDefault(k, new double[0]);
            double[] z = java.util.Arrays.copyOf(x, x.length + y.length);
            System.arraycopy(y, 0, z, x.length, y.length);
            out.put(k, z);
        });
        return out;
    }
}
