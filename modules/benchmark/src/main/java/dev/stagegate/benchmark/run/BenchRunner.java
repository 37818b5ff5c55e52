package dev.stagegate.benchmark.run;

import dev.stagegate.benchmark.suite.QuerySuite;
import dev.stagegate.benchmark.suite.SuiteQuery;
import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.target.Target;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Runs a suite on two databases at once, interleaved: round after round, one JMH fork per query on
 * the baseline then on the candidate (AB, BA, AB...), so host drift lands on both arms alike. Each
 * fork gives one score per query (ms/op, JMH's average over its measurement iterations); JMH's JSON
 * of every round is kept. Through JMH's Java API ({@link Runner}, {@link OptionsBuilder}) with
 * {@code shouldFailOnError}: a query that fails fails the run.
 */
public final class BenchRunner {

    /** How long each fork warms up and measures; the defaults give each query about 3 s per fork. */
    public record Settings(int rounds, int warmups, long warmupMillis, int measurements, long measurementMillis) {
        public static Settings defaults() {
            return new Settings(6, 2, 500, 3, 500);
        }
    }

    /** Fork scores per query id, per arm, and the JMH JSON files written. */
    public record Samples(Map<String, double[]> baseline, Map<String, double[]> candidate, List<Path> jmhJson) {
    }

    private BenchRunner() {
    }

    public static Samples run(Target baseline, Target candidate, QuerySuite suite, Map<String, Object> params, Settings s, Path out) {
        Path dir;
        try {
            Files.createDirectories(out);
            dir = Files.createTempDirectory("sg-bench");
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.IO_FAILED, "cannot prepare the benchmark: " + e.getMessage());
        }
        Map<String, List<Double>> a = new LinkedHashMap<>();
        Map<String, List<Double>> b = new LinkedHashMap<>();
        List<Path> json = new ArrayList<>();
        try {
            Path armA = armFile(dir, "baseline", baseline, suite, params);
            Path armB = armFile(dir, "candidate", candidate, suite, params);
            for (int r = 0; r < s.rounds(); r++) {
                boolean baselineFirst = r % 2 == 0;
                for (int k = 0; k < 2; k++) {
                    boolean isBaseline = (k == 0) == baselineFirst;
                    Path file = out.resolve(String.format("jmh_round%02d_%s.json", r + 1, isBaseline ? "baseline" : "candidate"));
                    collect(run(isBaseline ? armA : armB, suite, s, file), isBaseline ? a : b);
                    json.add(file);
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // the temporary folder is the system's to clear
            }
        }
        return new Samples(arrays(a), arrays(b), json);
    }

    private static java.util.Collection<RunResult> run(Path arm, QuerySuite suite, Settings s, Path json) {
        Options o = new OptionsBuilder()
                .include(QueryBenchmark.class.getName() + ".run")
                .param("query", suite.queries().stream().map(SuiteQuery::id).toArray(String[]::new))
                .param("arm", arm.toString())
                .forks(1)
                .warmupIterations(s.warmups()).warmupTime(TimeValue.milliseconds(s.warmupMillis()))
                .measurementIterations(s.measurements()).measurementTime(TimeValue.milliseconds(s.measurementMillis()))
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON).result(json.toString())
                .output(json.resolveSibling(json.getFileName() + ".log").toString())
                .build();
        try {
            return new Runner(o).run();
        } catch (RunnerException e) {
            throw new StagegateException(ErrorCode.SQL_FAILED, "the query benchmark failed: " + String.valueOf(e.getMessage()).lines()
                    .findFirst().orElse("") + " (the JMH log is beside " + json.getFileName() + ")");
        }
    }

    private static void collect(java.util.Collection<RunResult> results, Map<String, List<Double>> into) {
        for (RunResult r : results) {
            String id = r.getParams().getParam("query");
            into.computeIfAbsent(id, k -> new ArrayList<>()).add(r.getPrimaryResult().getScore());
        }
    }

    private static Map<String, double[]> arrays(Map<String, List<Double>> m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    /** What a fork needs to connect, in a file only this user reads: no password on a command line. */
    private static Path armFile(Path dir, String name, Target t, QuerySuite suite, Map<String, Object> params) {
        Properties p = new Properties();
        p.setProperty("url", t.jdbcUrl());
        p.setProperty("user", t.user());
        t.secrets().stream().findFirst().ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("suite", suite.file().toAbsolutePath().toString());
        params.forEach((k, v) -> p.setProperty("param." + k, String.valueOf(v)));
        Path f = dir.resolve(name + ".properties");
        try {
            Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream o = Files.newOutputStream(f)) {
                p.store(o, null);
            }
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.IO_FAILED, "cannot write the benchmark's connection file: " + e.getMessage());
        }
        return f;
    }
}
