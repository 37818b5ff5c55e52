package dev.stagegate.console.gate;

import dev.stagegate.console.config.ExampleSettings;
import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.example.Example;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.SnapshotDiff;
import dev.stagegate.core.snapshot.SnapshotJson;
import dev.stagegate.core.snapshot.SnapshotMarkdown;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.ServerInfo;
import dev.stagegate.core.target.Target;
import dev.stagegate.embedded.EmbeddedPostgresServer;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.engine.MigrationEngine;
import dev.stagegate.migration.engine.MigrationRun;
import dev.stagegate.migration.engine.MigrationStatus;
import dev.stagegate.migration.example.ExampleBuilder;
import dev.stagegate.migration.lint.Linter;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationSource;
import dev.stagegate.migration.validate.ValidationReport;
import dev.stagegate.migration.validate.Validator;
import dev.stagegate.verification.VerificationReport;
import dev.stagegate.verification.Verifier;
import dev.stagegate.verification.expect.ExpectationFile;
import dev.stagegate.verification.expect.ExpectationResult;
import dev.stagegate.verification.expect.Expectations;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The gate's state and steps as plain Java: what the console and saved scripts drive. Each step
 * prints one readable line, records a {@link StepRecord} for the verdict, and writes its evidence
 * into the run folder. A failing step is a result; a broken environment is an exception.
 */
public final class GateSession implements AutoCloseable {

    private final TargetSource targets;
    private final PrintWriter out;
    private final Path evidenceRoot;
    private final List<StepRecord> steps = new ArrayList<>();
    private final Map<String, Long> timings = new LinkedHashMap<>();
    private EvidenceRun run;
    private Target target;
    private Connection connection;
    private ServerInfo info;
    private Example example;
    private MigrationSet migrations;
    private volatile java.sql.Statement running;

    public GateSession(TargetSource targets, PrintWriter out, Path evidenceRoot) {
        this.targets = targets;
        this.out = out;
        this.evidenceRoot = evidenceRoot;
    }

    public PrintWriter out() {
        return out;
    }

    public EvidenceRun evidence() {
        if (run == null) {
            run = EvidenceRun.create(evidenceRoot);
        }
        return run;
    }

    /** Connects to the target the command line named (embedded when none). */
    public ServerInfo connect() {
        return open(targets.configured(true), false);
    }

    public ServerInfo connect(String envOrUrl) {
        return open(targets.named(envOrUrl), false);
    }

    private ServerInfo open(Target resolved, boolean fresh) {
        close();
        target = resolved;
        Target live = Connector.materialize(resolved, fresh);
        connection = Connector.open(live);
        info = Connector.probe(connection, live);
        evidence().addSecrets(live.secrets());
        out.println("[INFO] connected to " + resolved.describe() + ", PostgreSQL " + info.major() + "." + info.versionNum() % 100);
        return info;
    }

    public Connection connection() {
        if (connection == null) {
            connect();
        }
        return connection;
    }

    /** Builds an example from scratch (its embedded database is dropped and built again) and makes its migrations current. */
    public void example(String name, String to, int scale) throws SQLException {
        example = Example.locate(name);
        migrations = MigrationSource.read(example.migrationsDir());
        Target t = targets.configured(true);
        if (t.kind() == Target.Kind.EMBEDDED) {
            Connector.materialize(Target.embedded(name));
            close();
            EmbeddedPostgresServer.shared().dropDatabase(name);
            t = Target.embedded(name);
        }
        open(t, false);
        long start = System.nanoTime();
        new ExampleBuilder(connection, out::println).build(example, to, scale);
        record(new StepRecord("example", "PASSED", name + " built to " + (to == null ? "the latest" : to) + " at scale " + scale,
                List.of(), Map.of("example", name, "version", to == null ? "latest" : to)), start);
    }

    /** Uses a migrations folder or changelog instead of an example's. */
    public void migrations(String path) {
        migrations = MigrationSource.read(Path.of(path));
    }

    public StepRecord environment() throws SQLException {
        long start = System.nanoTime();
        EnvironmentCheck.Result r = EnvironmentCheck.run(connection(), info, target);
        out.println("[INFO] " + r.details());
        return record(new StepRecord("environment", r.status(), r.summary(), r.failing(), r.metrics()), start);
    }

    public SchemaSnapshot snapshot(String label) throws SQLException {
        long start = System.nanoTime();
        SchemaSnapshot s = new CatalogReader(connection()).read(true);
        evidence().write(label + "_state.json", SnapshotJson.write(s));
        evidence().write(label + "_state.md", SnapshotMarkdown.write(s, "Schema state: " + label));
        Map<String, Object> metrics = new LinkedHashMap<>(s.counts());
        metrics.put("rows", s.tables().stream().mapToLong(t -> t.exactRows() == null ? 0 : t.exactRows()).sum());
        record(new StepRecord("snapshot " + label, "PASSED", s.tables().size() + " tables, " + s.foreignKeys().size() + " FKs, "
                + s.policies().size() + " policies, " + metrics.get("rows") + " rows", List.of(), metrics), start);
        return s;
    }

    public SnapshotDiff diff(SchemaSnapshot before, SchemaSnapshot after, String label) {
        SnapshotDiff d = SnapshotDiff.between(before, after);
        evidence().write(label + "_diff.md", d.toMarkdown("Schema diff: " + label));
        out.println("[INFO] diff " + label + ": " + d.changes().size() + " change(s)");
        return d;
    }

    public StepRecord validate() throws SQLException {
        long start = System.nanoTime();
        MigrationSet set = requireMigrations();
        try (MigrationEngine engine = engine(set, e -> { })) {
            ValidationReport r = Validator.validate(set, connection(), engine.status().pending(), engine.checksumDrift(), timingsByVersion());
            evidence().write("migration_dependency_graph.md", r.dependencyGraph());
            evidence().write("migration_execution_plan.md", r.executionPlan());
            evidence().write("syntax_validation.log", r.syntaxLog());
            return record(fromStep(r.result(), set.migrations().size() + " migrations, " + r.result().metrics().get("pending") + " pending"), start);
        }
    }

    public StepRecord lint() {
        long start = System.nanoTime();
        List<Finding> findings = Linter.lint(requireMigrations());
        evidence().writeJson("lint_findings.json", findings);
        StepResult r = StepResult.of("lint", findings, Map.of(), List.of(), Duration.ZERO);
        return record(fromStep(r, findings.size() + " finding(s)"), start);
    }

    public StepRecord migrate(String to) {
        long start = System.nanoTime();
        MigrationRun r;
        try (MigrationEngine engine = engine(requireMigrations(), e -> out.println(e.line()))) {
            r = engine.migrate(to);
        }
        r.completed().forEach(e -> timings.put("migrate " + e.version(), e.duration().toMillis()));
        StepRecord rec = record(new StepRecord("migrate", r.succeeded() ? "PASSED" : "FAILED", (r.fromVersion() == null ? "none" : r.fromVersion())
                + " -> " + r.toVersion() + (r.succeeded() ? "" : ": " + r.failure()), r.succeeded() ? List.of() : List.of("MIGRATION_FAILED"),
                Map.of("to", String.valueOf(r.toVersion()))), start);
        if (!r.succeeded()) {
            throw new GateStop("migration failed: " + r.failure());
        }
        return rec;
    }

    public StepRecord rollback(String to) {
        long start = System.nanoTime();
        MigrationRun r;
        try (MigrationEngine engine = engine(requireMigrations(), e -> out.println(e.line()))) {
            r = engine.rollback(to);
        }
        StepRecord rec = record(new StepRecord("rollback", r.succeeded() ? "PASSED" : "FAILED", r.fromVersion() + " -> " + r.toVersion()
                + (r.succeeded() ? "" : ": " + r.failure()), r.succeeded() ? List.of() : List.of("ROLLBACK_FAILED"),
                Map.of("to", String.valueOf(r.toVersion()))), start);
        if (!r.succeeded()) {
            throw new GateStop("rollback failed: " + r.failure());
        }
        return rec;
    }

    public MigrationStatus status() {
        try (MigrationEngine engine = engine(requireMigrations(), e -> { })) {
            return engine.status();
        }
    }

    public StepRecord verify() throws SQLException {
        long start = System.nanoTime();
        VerificationReport r = Verifier.verify(connection(), ExampleSettings.verification(example),
                ExampleSettings.expectations(example).<java.util.function.Function<SchemaSnapshot, Expectations>>map(p -> s -> ExpectationFile.read(p, s)).orElse(null));
        evidence().write("verification_report.md", r.toMarkdown());
        evidence().writeJson("verification.json", r);
        List<String> failing = r.failing().stream().map(Finding::id).toList();
        r.tally().forEach((k, v) -> out.printf("       %-22s %s%n", k.replace('_', ' '), v));
        return record(new StepRecord("verify", r.passed() ? "PASSED" : "FAILED", r.steps().size() + " families, " + failing.size()
                + " failing", failing, r.tally()), start);
    }

    /** Expectations written in the script or at the console, run in a rolled-back transaction. */
    public StepRecord expect(Consumer<Expectations> spec) throws SQLException {
        long start = System.nanoTime();
        Expectations e = new Expectations(new CatalogReader(connection()).read(false));
        spec.accept(e);
        List<ExpectationResult> results = e.run(connection());
        results.stream().filter(x -> !x.passed()).forEach(x -> out.println("       FAIL " + x.label() + ": " + x.observed()));
        long passed = results.stream().filter(ExpectationResult::passed).count();
        return record(new StepRecord("expect", passed == results.size() ? "PASSED" : "FAILED", passed + "/" + results.size() + " expectations",
                results.stream().filter(x -> !x.passed()).map(ExpectationResult::label).toList(), Map.of("passed", passed, "total", results.size())), start);
    }

    public List<Map<String, Object>> sql(String query) throws SQLException {
        return SqlRunner.rows(connection(), query, st -> running = st);
    }

    /** Ctrl-C at the console: cancels the statement running now, if any ({@code Statement.cancel()}). */
    public boolean cancel() {
        java.sql.Statement st = running;
        if (st == null) {
            return false;
        }
        try {
            st.cancel();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    public boolean connected() {
        return connection != null;
    }

    public String verdict() {
        return steps.stream().allMatch(StepRecord::passed) ? "GO" : "NO-GO";
    }

    public List<StepRecord> steps() {
        return List.copyOf(steps);
    }

    /** Writes the run's results (reproducible) and timings (not), and the one-line verdict. */
    public void finish() {
        evidence().writeJson("gate_results.json", Map.of("verdict", verdict(), "steps", steps));
        evidence().writeJson("gate_timings.json", timings);
        out.println("VERDICT: " + verdict() + " (" + steps.stream().filter(StepRecord::passed).count() + "/" + steps.size()
                + " steps passed; evidence in " + evidence().folder() + ")");
    }

    private MigrationEngine engine(MigrationSet set, Consumer<dev.stagegate.migration.engine.MigrationEvent> sink) {
        return new MigrationEngine(connection(), set, EngineOptions.defaults(), sink);
    }

    private MigrationSet requireMigrations() {
        if (migrations == null) {
            throw new StagegateException(ErrorCode.USAGE, "no migrations yet: call example('NAME') or migrations('PATH') first");
        }
        return migrations;
    }

    private Map<String, Duration> timingsByVersion() {
        Map<String, Duration> out = new LinkedHashMap<>();
        timings.forEach((k, v) -> {
            if (k.startsWith("migrate ")) {
                out.put(k.substring("migrate ".length()), Duration.ofMillis(v));
            }
        });
        return out;
    }

    private static StepRecord fromStep(StepResult r, String summary) {
        return new StepRecord(r.step(), r.status().name(), summary, r.failing().stream().map(Finding::id).toList(), Map.of("findings", r.findings().size()));
    }

    private StepRecord record(StepRecord r, long startNanos) {
        steps.add(r);
        timings.merge(r.step(), (System.nanoTime() - startNanos) / 1_000_000, Long::sum);
        out.println(r.line());
        r.failing().stream().limit(10).forEach(f -> out.println("       " + f));
        return r;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // a broken connection has nothing left to release
            }
            connection = null;
        }
    }
}
