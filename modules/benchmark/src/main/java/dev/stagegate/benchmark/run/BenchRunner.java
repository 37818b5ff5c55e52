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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a suite on two databases at once, interleaved twice over: round after round, query after query, one
 * JMH fork that holds a session on each database and times them by turns, iteration after iteration
 * (the baseline first in odd rounds, the candidate first in even ones). Host drift lands on both arms of a
 * fork alike, and so does whatever makes one fork run faster than the next (decision 99). Each fork gives
 * one score per arm (ms/op, the mean of that arm's measurement iterations); JMH's JSON of every round is
 * kept. A stored baseline is recorded and compared with forks of one database each ({@link QueryBenchmark}).
 * Through JMH's Java API ({@link Runner}, {@link OptionsBuilder}) with {@code shouldFailOnError}: a query that
 * fails fails the run.
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

        /** Seconds one arm's iterations take in a fork (a paired fork takes twice that) beyond the JVM's start. */
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
                * suite.queries().size(), sink);
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
            Path armA = ArmFile.write(dir, "baseline", baseline, suite, params, application, cpu, pinStatus);
            Path armB = candidate == null ? null : ArmFile.write(dir, "candidate", candidate, suite, params, application, cpu, pinStatus);
            for (int r = 0; r < s.rounds(); r++) {
                boolean baselineFirst = r % 2 == 0;
                List<String> roundJson = new ArrayList<>();
                for (SuiteQuery q : suite.queries()) {
                    Path fork = dir.resolve("fork.json");
                    Path log = out.resolve(String.format("jmh_round%02d_%s.log", r + 1, armB == null ? "baseline" : "paired"));
                    if (armB == null) {
                        forks.at(forkNumber++, "round " + (r + 1) + "/" + s.rounds() + ": " + q.id());
                        collect(run(single(armA, q, s, fork), q, log, secrets), a);
                    } else {
                        forks.at(forkNumber++, "round " + (r + 1) + "/" + s.rounds() + ": " + q.id() + " on both, the "
                                + (baselineFirst ? "baseline" : "candidate") + " first");
                        collectPaired(run(paired(armA, armB, baselineFirst, q, s, fork), q, log, secrets), baselineFirst, s.measurements(), a, b);
                    }
                    roundJson.add(read(fork));
                    if (cpu >= 0) {
                        // each fork says whether it and its backends got the CPU (a backend on another machine does not)
                        pinning.add(Files.exists(pinStatus) ? read(pinStatus).strip() : "not pinned: the fork did not say");
                        pinStatus.toFile().delete();
                    }
                }
                Path file = out.resolve(String.format("jmh_round%02d_%s.json", r + 1, armB == null ? "baseline" : "paired"));
                write(file, JmhJson.concat(roundJson));
                json.add(file);
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

    /** One fork of one query on one database (a stored baseline, recorded or compared with). */
    private static Options single(Path arm, SuiteQuery query, Settings s, Path json) {
        return options(QueryBenchmark.class.getName() + ".run", s.warmups(), s.measurements(), s, json)
                .param("query", query.id())
                .param("arm", arm.toString())
                .build();
    }

    /**
     * One fork of one query on both databases, iterations taking turns: each arm gets the warmups and the
     * measurements asked for, so the fork runs twice as many of each ({@link PairedQueryBenchmark}).
     */
    private static Options paired(Path baseline, Path candidate, boolean baselineFirst, SuiteQuery query, Settings s, Path json) {
        return options(PairedQueryBenchmark.class.getName() + ".run", 2 * s.warmups(), 2 * s.measurements(), s, json)
                .param("query", query.id())
                .param("baseline", baseline.toString())
                .param("candidate", candidate.toString())
                .param("first", baselineFirst ? "baseline" : "candidate")
                .build();
    }

    private static org.openjdk.jmh.runner.options.ChainedOptionsBuilder options(String benchmark, int warmups, int measurements, Settings s,
                                                                                Path json) {
        return new OptionsBuilder()
                .include("^" + java.util.regex.Pattern.quote(benchmark) + "$")
                .forks(1)
                // the forks' own JVM arguments, not the host's: nothing of STAGEGATE_JAVA_OPTS (a keystore password...) reaches JMH's log
                .jvmArgs("-Dstagegate.bench.fork=true")
                .warmupIterations(warmups).warmupTime(TimeValue.milliseconds(s.warmupMillis()))
                .measurementIterations(measurements).measurementTime(TimeValue.milliseconds(s.measurementMillis()))
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON).result(json.toString());
    }

    /** Runs one fork; JMH's output is appended to the round's log. */
    private static java.util.Collection<RunResult> run(Options o, SuiteQuery query, Path log, java.util.Collection<String> secrets) {
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

    /**
     * A paired fork's measurement iterations in order, even ones the first arm's and odd ones the second's: each
     * arm's sample is the mean of its own iterations (what JMH's score is for a fork of one arm).
     */
    static void collectPaired(java.util.Collection<RunResult> results, boolean baselineFirst, int perArm, Map<String, List<Double>> baseline,
                              Map<String, List<Double>> candidate) {
        for (RunResult r : results) {
            String id = r.getParams().getParam("query");
            List<Double> scores = new ArrayList<>();
            for (var br : r.getBenchmarkResults()) {
                for (var it : br.getIterationResults()) {
                    scores.add(it.getPrimaryResult().getScore());
                }
            }
            if (scores.size() != 2 * perArm) {
                // never a guess at which iteration was which arm
                throw new StagegateException(ErrorCode.SQL_FAILED, "the paired fork of " + id + " gave " + scores.size()
                        + " measurement iterations where " + 2 * perArm + " were asked for; its arms cannot be told apart");
            }
            double first = 0;
            double second = 0;
            for (int i = 0; i < scores.size(); i++) {
                if (i % 2 == 0) {
                    first += scores.get(i);
                } else {
                    second += scores.get(i);
                }
            }
            baseline.computeIfAbsent(id, k -> new ArrayList<>()).add((baselineFirst ? first : second) / perArm);
            candidate.computeIfAbsent(id, k -> new ArrayList<>()).add((baselineFirst ? second : first) / perArm);
        }
    }

    private static Map<String, double[]> arrays(Map<String, List<Double>> m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }
}
