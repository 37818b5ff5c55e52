package dev.stagegate.benchmark;

import dev.stagegate.benchmark.plan.QueryPlan;
import dev.stagegate.benchmark.run.BenchRunner;
import dev.stagegate.benchmark.run.SuiteParameters;

import dev.stagegate.benchmark.server.ReadOnlySession;
import dev.stagegate.benchmark.server.RelationSizes;
import dev.stagegate.benchmark.suite.QuerySuite;
import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.evidence.Json;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.Target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The seeds' stored-baseline flow: {@code bench record} measures the database before the migration
 * alone and writes {@code baseline_benchmark.json} (samples, parameter values, plans, sizes);
 * {@code bench compare} later measures the candidate alone with the same values and judges it against
 * the file. The two runs are hours apart on a host that moves 3x in minutes, so the verdict is marked
 * not interleaved (BENCH_NOT_INTERLEAVED) and its interval is not paired by round.
 */
public final class StoredBaseline {

    public static final String FILE = "baseline_benchmark.json";
    // 2: forks pinned to a CPU, and the pinning stored (a format-1 baseline was timed unpinned: up to 2x slower round trips)
    static final int FORMAT = 2;

    /**
     * The file's content; {@code format} is bumped when a field changes meaning. The fork settings are kept:
     * a baseline timed with other warmups is another measurement (a short warmup times the host settling).
     */
    public record Stored(int format, String suite, String suiteSha256, String recordedAt, String database, String server,
                         BenchRunner.Settings settings, Map<String, Object> params, int rounds, Map<String, double[]> samples,
                         Map<String, String> plans, Map<String, Long> rows, Map<String, RelationSizes.Size> sizes, String pinning) {
        boolean pinned() {
            return BenchRunner.pinned(pinning);
        }
    }

    private StoredBaseline() {
    }

    static Path record(Target database, QuerySuite suite, PerformanceCheck.Options o, EvidenceRun evidence, Consumer<String> say)
            throws SQLException {
        Map<String, Object> params;
        PerformanceCheck.Arm arm;
        String server;
        try (Connection c = ReadOnlySession.apply(Connector.open(database))) {
            params = SuiteParameters.pick(c, suite);
            arm = PerformanceCheck.arm(c, suite, params, null);
            server = c.getMetaData().getDatabaseProductVersion();
        }
        say.accept("[INFO] " + suite.queries().size() + " queries, " + o.settings().rounds() + " rounds of one fork per query, baseline only");
        BenchRunner.Samples s = BenchRunner.run(database, null, suite, params, o.settings(), evidence.folder().resolve("jmh"),
                PerformanceCheck.application(evidence), say);
        // said now, not found out at compare time: a compare must run its forks the same way
        say.accept("[INFO] forks " + s.pinning() + (s.pinned() ? "" : "; a compare against this baseline must run unpinned too"));
        Map<String, String> plans = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        arm.plans().forEach((id, p) -> {
            plans.put(id, p.json());
            rows.put(id, p.rows());
        });
        Stored stored = new Stored(FORMAT, suite.file().toString(), sha256(suite.file()), java.time.Instant.now().toString(), database.database(),
                server, o.settings(), params, o.settings().rounds(), s.baseline(), plans, rows, arm.sizes(), s.pinning());
        return evidence.writeJson(FILE, stored);
    }

    public static PerformanceResult compare(Path file, Target candidate, QuerySuite suite, PerformanceCheck.Options o, EvidenceRun evidence,
                                            Consumer<String> say) throws SQLException {
        try (dev.stagegate.benchmark.run.HostLock lock = dev.stagegate.benchmark.run.HostLock.acquire()) {
            return compareLocked(file, candidate, suite, o, evidence, say);
        }
    }

    private static PerformanceResult compareLocked(Path file, Target candidate, QuerySuite suite, PerformanceCheck.Options o, EvidenceRun evidence,
                                                   Consumer<String> say) throws SQLException {
        long start = System.nanoTime();
        Stored stored = load(file, suite, o);
        if (stored.pinned() && "off".equals(o.settings().pin())) {
            throw unlike(file, stored, "not pinned: pinning turned off (--pin-cpu off)");
        }
        PerformanceCheck.Arm after;
        Map<String, String> broken = new LinkedHashMap<>();
        try (Connection c = ReadOnlySession.apply(Connector.open(candidate))) {
            after = PerformanceCheck.arm(c, suite, stored.params(), broken);
        }
        Map<String, QueryPlan> plans = new LinkedHashMap<>();
        stored.plans().forEach((id, json) -> plans.put(id, QueryPlan.of(id, json, stored.rows().getOrDefault(id, -1L))));
        PerformanceCheck.Arm before = new PerformanceCheck.Arm(stored.sizes(), plans, Map.of());
        say.accept("[INFO] against " + file.getFileName() + " of " + stored.database() + ", recorded " + stored.recordedAt() + " (not interleaved)");
        String application = PerformanceCheck.application(evidence);
        PerformanceCheck.Judged j = PerformanceCheck.measure(null, candidate, stored.samples(), suite.without(broken.keySet()), stored.params(), o,
                evidence, application, say);
        if (j.pinning() != null && stored.pinned() != BenchRunner.pinned(j.pinning())) {
            throw unlike(file, stored, j.pinning());
        }
        return PerformanceCheck.finish(suite, false, j, broken, stored.params(), before, after, null, candidate, application, o, evidence, start);
    }

    /** A pinned fork's round trips run up to 2x faster than an unpinned one's: such times are not comparable. */
    private static StagegateException unlike(Path file, Stored stored, String now) {
        return new StagegateException(ErrorCode.INPUT_INVALID, file + " was timed with forks " + stored.pinning() + "; this run's forks were "
                + now + ": a pinned fork's round trips run up to 2x faster, so the times are not comparable; record and compare "
                + "the same way (--pin-cpu, a server on this machine or not)");
    }

    /** The stored baseline, refused unless it is whole and times what this run would time, the way this run would. */
    static Stored load(Path file, QuerySuite suite, PerformanceCheck.Options o) {
        Stored s;
        try {
            s = Json.mapper().readValue(Files.readString(file), Stored.class);
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, file + " is not a baseline written by `stagegate bench record` ("
                    + e.getClass().getSimpleName() + "); record one first");
        }
        if (s.format() != FORMAT || s.samples() == null || s.params() == null || s.plans() == null || s.suiteSha256() == null
                || s.settings() == null || s.sizes() == null || s.rows() == null || s.pinning() == null) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, file + " is not a whole baseline of format " + FORMAT
                    + " written by `stagegate bench record`; record it again");
        }
        if (!s.suiteSha256().equals(sha256(suite.file()))) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, suite.file() + " changed since " + file + " was recorded (" + s.recordedAt()
                    + "): the baseline times other queries; record it again with `stagegate bench record`");
        }
        BenchRunner.Settings a = s.settings();
        BenchRunner.Settings b = o.settings();
        if (a.warmups() != b.warmups() || a.warmupMillis() != b.warmupMillis() || a.measurements() != b.measurements()
                || a.measurementMillis() != b.measurementMillis()) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, file + " was timed with --warmup " + a.warmups() + "x" + a.warmupMillis()
                    + "ms --measure " + a.measurements() + "x" + a.measurementMillis() + "ms: compare with the same settings (another warmup "
                    + "is another measurement)");
        }
        for (var q : suite.queries()) {
            double[] xs = s.samples().get(q.id());
            if (xs == null || xs.length < 3 || java.util.Arrays.stream(xs).anyMatch(x -> !Double.isFinite(x) || x <= 0) || !s.plans().containsKey(q.id())) {
                throw new StagegateException(ErrorCode.INPUT_INVALID, file + " holds no usable samples or plan for " + q.id()
                        + " (3 or more positive times are needed); record it again");
            }
        }
        return s;
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.IO_FAILED, "cannot read the suite " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
