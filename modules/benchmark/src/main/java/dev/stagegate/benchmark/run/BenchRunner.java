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
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;
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
 * Runs a suite on two databases at once, interleaved: round after round, query after query, one JMH
 * fork on the baseline and one on the candidate back to back (AB in odd rounds, BA in even ones), so
 * host drift lands on both arms of a pair alike. Each fork gives one score (ms/op, JMH's average over
 * its measurement iterations); JMH's JSON of every round and arm is kept. Through JMH's Java API
 * ({@link Runner}, {@link OptionsBuilder}) with {@code shouldFailOnError}: a query that fails fails the run.
 */
public final class BenchRunner {

    /**
     * How long each fork warms up and measures. The warmup is what matters most here: a fresh fork's
     * round trips run in a fast mode for about its first second (client and backend on one core), then
     * settle about 3x slower for good; a warmup under a second measures the switch, not the query.
     */
    public record Settings(int rounds, int warmups, long warmupMillis, int measurements, long measurementMillis, String pin) {
        /** Pinned to a CPU chosen automatically ({@link CpuPinning}). */
        public Settings(int rounds, int warmups, long warmupMillis, int measurements, long measurementMillis) {
            this(rounds, warmups, warmupMillis, measurements, measurementMillis, "auto");
        }

        public static Settings defaults() {
            return new Settings(6, 2, 600, 3, 300);
        }

        /**
         * Where forks and their backends run: {@code auto} (one CPU, chosen), {@code off}, or a CPU number;
         * {@code option} names the flag or key in messages.
         */
        public Settings withPin(String cpu, String option) {
            String c = cpu == null ? "auto" : cpu.strip();
            if (!c.equals("auto") && !c.equals(CpuPinning.OFF) && !c.matches("\\d{1,4}")) {
                throw new StagegateException(ErrorCode.USAGE, option + " " + cpu + " is not auto, off or a CPU number; auto (the default) puts "
                        + "each fork and its server backend on one CPU, which on a shared host is what makes two forks comparable");
            }
            return new Settings(rounds, warmups, warmupMillis, measurements, measurementMillis, c);
        }

        /**
         * From the words users write: {@code rounds}, warmup and measurement as {@code NxTIME} ({@code 2x600ms},
         * {@code 3x1s}); {@code option} names the flag or key in messages.
         */
        public static Settings of(int rounds, String warmup, String measure, String option) {
            if (rounds > 100) {
                throw new StagegateException(ErrorCode.USAGE, option + "rounds " + rounds + " is more than 100 rounds; give 6 (the default) to 100");
            }
            if (rounds < 6 || rounds % 2 != 0) {
                // 4 rounds give a "95%" interval of the median that is the range of the 4 ratios: 87.5% coverage
                throw new StagegateException(ErrorCode.USAGE, option + "rounds " + rounds + ": give an even number, 6 or more (the default), so "
                        + "that each arm runs first as often as second and the median's interval covers 95% (4 rounds cover 87.5%)");
            }
            long[] w = iterations(warmup, option + "warmup");
            long[] m = iterations(measure, option + "measure");
            if (w[0] * w[1] < 1000) {
                // measured here: a fresh fork's round trips run ~3x faster for about its first second; shorter, the fork times that switch
                throw new StagegateException(ErrorCode.USAGE, option + "warmup " + warmup + " warms each fork up for less than a second: a fork's "
                        + "first second is not its steady state (see docs/benchmarks.md); give 1x1s or more (2x600ms by default)");
            }
            return new Settings(rounds, (int) w[0], w[1], (int) m[0], m[1]);
        }

        private static long[] iterations(String text, String option) {
            java.util.regex.Matcher x = java.util.regex.Pattern.compile("(\\d+)x(\\d+)(ms|s)").matcher(text == null ? "" : text.strip());
            if (!x.matches() || x.group(1).length() > 3 || x.group(2).length() > 6 || Integer.parseInt(x.group(1)) < 1
                    || Long.parseLong(x.group(2)) < 1 || Long.parseLong(x.group(2)) * (x.group(3).equals("s") ? 1000 : 1) > 600_000) {
                throw new StagegateException(ErrorCode.USAGE, option + " " + text + " is not NxTIME; write e.g. 3x300ms (N iterations of TIME each; N up to 999, TIME up to 10 minutes)");
            }
            return new long[]{Long.parseLong(x.group(1)), Long.parseLong(x.group(2)) * (x.group(3).equals("s") ? 1000 : 1)};
        }

        /** Seconds one fork takes beyond the JVM's start. */
        public double forkSeconds() {
            return (warmups * warmupMillis + measurements * measurementMillis) / 1000.0;
        }
    }

    /**
     * Fork scores per query id, per arm, the JMH JSON files written, and where the forks ran: "pinned: ..."
     * when every fork and its backend were on one CPU, else "not pinned: why" ({@link CpuPinning}).
     */
    public record Samples(Map<String, double[]> baseline, Map<String, double[]> candidate, List<Path> jmhJson, String pinning) {
        public boolean pinned() {
            return BenchRunner.pinned(pinning);
        }

        /** Some forks pinned and some not: their times are not comparable (a pinned fork runs up to 2x faster). */
        public boolean mixed() {
            return pinning.startsWith(MIXED);
        }
    }

    /** True for a pinning status ({@link Samples#pinning()}) that says every fork was pinned; false for null. */
    public static boolean pinned(String status) {
        return status != null && status.startsWith(CpuPinning.PINNED_STATUS);
    }

    /** How {@link Samples#pinning()} starts when the forks of one run were pinned and not pinned both. */
    static final String MIXED = "not pinned for every fork: ";

    private BenchRunner() {
    }

    /** The name the forks' sessions carry in pg_stat_activity, unless the caller gives one. */
    public static final String APPLICATION = "stagegate bench";

    public static Samples run(Target baseline, Target candidate, QuerySuite suite, Map<String, Object> params, Settings s, Path out) {
        return run(baseline, candidate, suite, params, s, out, APPLICATION);
    }

    /**
     * @param application the application_name of the forks' sessions: what the connection check looks for afterwards
     * @param candidate   null to measure the baseline alone (a stored baseline being recorded)
     */
    public static Samples run(Target baseline, Target candidate, QuerySuite suite, Map<String, Object> params, Settings s, Path out,
                              String application) {
        return run(baseline, candidate, suite, params, s, out, application, line -> { });
    }

    public static Samples run(Target baseline, Target candidate, QuerySuite suite, Map<String, Object> params, Settings s, Path out,
                              String application, java.util.function.Consumer<String> progress) {
        return run(baseline, candidate, suite, params, s, out, application, progress, "bench");
    }

    /**
     * @param progress told after each round: a step of minutes says where it is; a console's {@code Progress.Lines}
     *                 also gets each fork, with the time so far and an estimate of the rest
     * @param task     how the progress names this run ({@code bench}, {@code bench, extra rounds})
     */
    public static Samples run(Target baseline, Target candidate, QuerySuite suite, Map<String, Object> params, Settings s, Path out,
                              String application, java.util.function.Consumer<String> progress, String task) {
        long started = System.nanoTime();
        dev.stagegate.core.progress.Progress.Sink sink = dev.stagegate.core.progress.Progress.sinkOf(progress);
        dev.stagegate.core.progress.Progress forks = dev.stagegate.core.progress.Progress.of(task + " forks", (long) s.rounds()
                * suite.queries().size() * (candidate == null ? 1 : 2), sink);
        long forkNumber = 0;
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
        List<String> secrets = new ArrayList<>(baseline.secrets());
        if (candidate != null) {
            secrets.addAll(candidate.secrets());
        }
        StringBuilder unpinned = new StringBuilder();
        int cpu = CpuPinning.choose(s.pin(), unpinned);
        java.util.Set<String> pinning = new java.util.LinkedHashSet<>();
        Path pinStatus = dir.resolve("pin-status");
        try {
            Path armA = armFile(dir, "baseline", baseline, suite, params, application, cpu, pinStatus);
            Path armB = candidate == null ? null : armFile(dir, "candidate", candidate, suite, params, application, cpu, pinStatus);
            for (int r = 0; r < s.rounds(); r++) {
                boolean baselineFirst = r % 2 == 0;
                Map<Boolean, List<String>> roundJson = new LinkedHashMap<>();
                for (SuiteQuery q : suite.queries()) {
                    for (int k = 0; k < 2; k++) {
                        boolean isBaseline = (k == 0) == baselineFirst;
                        if (!isBaseline && armB == null) {
                            continue;
                        }
                        Path fork = dir.resolve("fork.json");
                        forks.at(forkNumber++, "round " + (r + 1) + "/" + s.rounds() + ": " + q.id() + " on the " + (isBaseline ? "baseline" : "candidate"));
                        collect(run(isBaseline ? armA : armB, q, s, fork, out.resolve(String.format("jmh_round%02d_%s.log", r + 1,
                                isBaseline ? "baseline" : "candidate")), secrets), isBaseline ? a : b);
                        roundJson.computeIfAbsent(isBaseline, x -> new ArrayList<>()).add(read(fork));
                        if (cpu >= 0) {
                            // each fork says whether it and its backend got the CPU (a backend on another machine does not)
                            pinning.add(Files.exists(pinStatus) ? read(pinStatus).strip() : "not pinned: the fork did not say");
                            pinStatus.toFile().delete();
                        }
                    }
                }
                for (var e : roundJson.entrySet()) {
                    Path file = out.resolve(String.format("jmh_round%02d_%s.json", r + 1, e.getKey() ? "baseline" : "candidate"));
                    write(file, JmhJson.concat(e.getValue()));
                    json.add(file);
                }
                if (sink == dev.stagegate.core.progress.Progress.silent()) {
                    progress.accept(String.format("[INFO] round %d/%d done (%d s)", r + 1, s.rounds(), (System.nanoTime() - started) / 1_000_000_000));
                }
            }
            forks.done(forkNumber + " forks in " + s.rounds() + " rounds");
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
        String firstUnpinned = pinning.stream().filter(p -> !pinned(p)).findFirst().orElse(null);
        boolean anyPinned = pinning.stream().anyMatch(BenchRunner::pinned);
        String where = cpu < 0 ? "not pinned: " + unpinned : firstUnpinned == null ? pinning.stream().findFirst().orElse("not pinned: no fork ran")
                : anyPinned ? MIXED + firstUnpinned : firstUnpinned;
        return new Samples(arrays(a), arrays(b), json, where);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.IO_FAILED, "cannot read JMH's result " + f + ": " + e.getMessage());
        }
    }

    private static void write(Path f, String text) {
        try {
            Files.writeString(f, text);
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.IO_FAILED, "cannot write " + f + ": " + e.getMessage());
        }
    }

    /** One fork of one query on one arm; JMH's output is appended to the round's log. */
    private static java.util.Collection<RunResult> run(Path arm, SuiteQuery query, Settings s, Path json, Path log,
                                                       java.util.Collection<String> secrets) {
        Options o = new OptionsBuilder()
                .include(QueryBenchmark.class.getName() + ".run")
                .param("query", query.id())
                .param("arm", arm.toString())
                .forks(1)
                // the forks' own JVM arguments, not the host's: nothing of STAGEGATE_JAVA_OPTS (a keystore password...) reaches JMH's log
                .jvmArgs("-Dstagegate.bench.fork=true")
                .warmupIterations(s.warmups()).warmupTime(TimeValue.milliseconds(s.warmupMillis()))
                .measurementIterations(s.measurements()).measurementTime(TimeValue.milliseconds(s.measurementMillis()))
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON).result(json.toString())
                .build();
        try (var sink = new java.io.PrintStream(new java.io.FileOutputStream(log.toFile(), true), true, java.nio.charset.StandardCharsets.UTF_8)) {
            return new Runner(o, OutputFormatFactory.createFormatInstance(sink, VerboseMode.NORMAL)).run();
        } catch (RunnerException e) {
            if (String.valueOf(e.getMessage()).contains("JMH lock")) {
                // two benchmarks at once on one host would each measure the other: JMH refuses, and so do we, in one line
                throw new StagegateException(ErrorCode.TARGET_BUSY, "another JMH benchmark is running on this machine (it holds "
                        + System.getProperty("java.io.tmpdir") + "/jmh.lock): two at once would measure each other; run this one after it ends");
            }
            throw new StagegateException(ErrorCode.SQL_FAILED, "the query benchmark failed on " + query.id() + ": "
                    + dev.stagegate.core.target.Secrets.mask(cause(log, e), secrets) + " (JMH's log: " + log + ")");
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.IO_FAILED, "cannot write JMH's log " + log + ": " + e.getMessage());
        }
    }

    /**
     * Why the fork failed, in one line: JMH's own exception only says that it did, the fork's exception is in
     * the log after {@code <failure>} (its first line: the exception and the server's message).
     */
    static String cause(Path log, Exception e) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                // JMH prints "# Warmup Iteration   1: " and then "<failure>" on the same line
                if (lines.get(i).strip().endsWith("<failure>")) {
                    return lines.subList(i + 1, lines.size()).stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst()
                            .orElse("the fork failed and said nothing");
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // no log to read: JMH's own message is all there is
        }
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("the fork failed");
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
    private static Path armFile(Path dir, String name, Target t, QuerySuite suite, Map<String, Object> params, String application,
                                int cpu, Path pinStatus) {
        Properties p = new Properties();
        if (cpu >= 0) {
            p.setProperty("pin.cpu", String.valueOf(cpu));
            p.setProperty("pin.status", pinStatus.toString());
        }
        p.setProperty("url", t.jdbcUrl());
        p.setProperty("user", t.user());
        t.secrets().stream().findFirst().ifPresent(pw -> p.setProperty("password", pw));
        // the SQL itself, not the suite's path: an edit to the file during a run cannot change what later rounds time
        for (SuiteQuery q : suite.queries()) {
            p.setProperty("query." + q.id() + ".sql", q.sql());
            p.setProperty("query." + q.id() + ".params", String.join(",", q.parameters()));
        }
        p.setProperty("application", application);
        params.forEach((k, v) -> p.setProperty("param." + k, String.valueOf(v)));
        Path f = dir.resolve(name + ".properties");
        try {
            Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            // removed at the end of the run, and at exit if the run is interrupted (a password may be in it)
            f.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            try (OutputStream o = Files.newOutputStream(f)) {
                p.store(o, null);
            }
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.IO_FAILED, "cannot write the benchmark's connection file: " + e.getMessage());
        }
        return f;
    }
}
