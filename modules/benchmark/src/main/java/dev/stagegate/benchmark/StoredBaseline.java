package dev.stagegate.benchmark;

import dev.stagegate.benchmark.plan.QueryPlan;
import dev.stagegate.benchmark.run.BenchRunner;
import dev.stagegate.benchmark.run.SuiteParameters;

import dev.stagegate.benchmark.server.RelationSizes;
import dev.stagegate.benchmark.suite.QuerySuite;
import dev.stagegate.benchmark.suite.SuiteQuery;
import dev.stagegate.benchmark.verdict.Comparison;
import dev.stagegate.benchmark.verdict.QueryVerdict;
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
    static final int FORMAT = 1;

    /** The file's content; {@code format} is bumped when a field changes meaning. */
    public record Stored(int format, String suite, String suiteSha256, String recordedAt, Map<String, Object> params, int rounds,
                         Map<String, double[]> samples, Map<String, String> plans, Map<String, RelationSizes.Size> sizes) {
    }

    private StoredBaseline() {
    }

    static Path record(Target database, QuerySuite suite, PerformanceCheck.Options o, EvidenceRun evidence, Consumer<String> say)
            throws SQLException {
        Map<String, Object> params;
        PerformanceCheck.Arm arm;
        try (Connection c = Connector.open(database)) {
            c.setReadOnly(true);
            params = SuiteParameters.pick(c, suite);
            arm = PerformanceCheck.arm(c, suite, params);
        }
        say.accept("[INFO] " + suite.queries().size() + " queries, " + o.settings().rounds() + " rounds of one fork per query, baseline only");
        BenchRunner.Samples s = BenchRunner.run(database, null, suite, params, o.settings(), evidence.folder().resolve("jmh"),
                PerformanceCheck.application(evidence), say);
        Map<String, String> plans = new LinkedHashMap<>();
        arm.plans().forEach((id, p) -> plans.put(id, p.json()));
        Stored stored = new Stored(FORMAT, suite.file().toString(), sha256(suite.file()), java.time.Instant.now().toString(), params,
                o.settings().rounds(), s.baseline(), plans, arm.sizes());
        return evidence.writeJson(FILE, stored);
    }

    public static PerformanceResult compare(Path file, Target candidate, QuerySuite suite, PerformanceCheck.Options o, EvidenceRun evidence,
                                            Consumer<String> say) throws SQLException {
        long start = System.nanoTime();
        Stored stored = load(file);
        if (!stored.suiteSha256().equals(sha256(suite.file()))) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, suite.file() + " changed since " + file + " was recorded (" + stored.recordedAt()
                    + "): the baseline times other queries; record it again with `stagegate bench record`");
        }
        PerformanceCheck.Arm after;
        try (Connection c = Connector.open(candidate)) {
            c.setReadOnly(true);
            after = PerformanceCheck.arm(c, suite, stored.params());
        }
        Map<String, QueryPlan> plans = new LinkedHashMap<>();
        stored.plans().forEach((id, json) -> plans.put(id, QueryPlan.of(id, json)));
        PerformanceCheck.Arm before = new PerformanceCheck.Arm(stored.sizes(), plans, Map.of());
        say.accept("[INFO] " + suite.queries().size() + " queries, " + o.settings().rounds() + " rounds on the candidate against "
                + file.getFileName() + " of " + stored.recordedAt() + " (not interleaved)");
        String application = PerformanceCheck.application(evidence);
        BenchRunner.Samples s = BenchRunner.run(candidate, null, suite, stored.params(), o.settings(), evidence.folder().resolve("jmh"),
                application, say);
        String control = suite.control().map(SuiteQuery::id).orElse(null);
        Map<String, QueryVerdict> v = Comparison.judge(stored.samples(), s.baseline(), control, o.thresholds(), true, false);
        return PerformanceCheck.finish(suite, false, o.settings().rounds(), stored.params(), stored.samples(), s.baseline(), v, before, after,
                candidate, application, o, evidence, start);
    }

    static Stored load(Path file) {
        Stored s;
        try {
            s = Json.mapper().readValue(Files.readString(file), Stored.class);
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, file + " is not a baseline written by `stagegate bench record` ("
                    + e.getClass().getSimpleName() + "); record one first");
        }
        if (s.format() != FORMAT || s.samples() == null || s.params() == null || s.plans() == null) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, file + " is not a baseline of format " + FORMAT
                    + " written by `stagegate bench record`; record it again");
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
