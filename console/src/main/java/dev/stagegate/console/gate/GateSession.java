package dev.stagegate.console.gate;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.example.Example;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.StepResult;
import dev.stagegate.core.result.StepStatus;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.snapshot.SnapshotDiff;
import dev.stagegate.core.target.Connector;
import dev.stagegate.core.target.ServerInfo;
import dev.stagegate.core.target.Target;
import dev.stagegate.embedded.EmbeddedPostgresServer;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.engine.MigrationEngine;
import dev.stagegate.migration.engine.MigrationStatus;
import dev.stagegate.migration.env.EnvironmentCheck;
import dev.stagegate.migration.example.ExampleBuilder;
import dev.stagegate.migration.lint.Linter;
import dev.stagegate.migration.source.MigrationSet;
import dev.stagegate.migration.source.MigrationSource;
import dev.stagegate.migration.validate.ValidationReport;
import dev.stagegate.migration.validate.Validator;
import dev.stagegate.reporting.verdict.GateCondition;
import dev.stagegate.reporting.verdict.Verdict;
import dev.stagegate.verification.expect.Expectations;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The gate's state and steps as plain Java: what the console and saved scripts drive. Each step
 * prints one readable line, records a {@link StepResult} for the verdict, and writes its evidence
 * into the run folder. Steps also show the {@link GateCondition}s GO needs; the {@link Verdict}
 * is GO only when every condition rests on a step that ran and passed. A failing step is a
 * result; a broken environment is an exception.
 */
public final class GateSession implements AutoCloseable {

    private final TargetSource targets;
    private final PrintWriter out;
    private final Path evidenceRoot;
    private final GateRecord record;
    /** The schema verify proved things about: its conditions hold only while the schema is still this one. */
    private SchemaSnapshot verifiedSchema;
    private EvidenceRun run;
    private Target target;
    private Target live;
    private Connection connection;
    private ServerInfo info;
    private Example example;
    private MigrationSet migrations;
    private volatile java.sql.Statement running;
    private String statedDiskFree;
    /** Row counts (and, when asked, content fingerprints) taken with each snapshot, for {@code preserved}. */
    private final SnapshotCaptures captures = new SnapshotCaptures();

    public GateSession(TargetSource targets, PrintWriter out, Path evidenceRoot) {
        this.targets = targets;
        this.out = new dev.stagegate.core.progress.ProgressWriter(out, dev.stagegate.core.progress.Progress.onTerminal());
        this.evidenceRoot = evidenceRoot;
        this.record = new GateRecord(this.out);
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
        live = Connector.materialize(resolved, fresh);
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

    /** psql's prompt mark of the transaction a console user opened with BEGIN ({@link OpenTransaction}). */
    public String transactionMark() {
        return OpenTransaction.mark(connection);
    }

    private void requireNoOpenTransaction(String step) {
        OpenTransaction.requireNone(connection, step);
    }

    /** Builds an example from scratch (its embedded database is dropped and built again) and makes its migrations current. */
    public void example(String name, String to, int scale) throws SQLException {
        requireNoOpenTransaction("example");
        Example located = Example.locate(name);
        dev.stagegate.console.config.ExampleArguments.check(located, to, scale);
        example = located;
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
        try (var beat = record.beat("example " + name + ": its migrations and data at scale " + scale, null, "")) {
            new ExampleBuilder(connection, out::println).build(example, to, scale);
        }
        record.record(new StepResult("example", StepStatus.PASSED, name + " built to " + (to == null ? "the latest" : to) + " at scale " + scale,
                List.of(), Map.of("example", name, "version", to == null ? "latest" : to), List.of(), Duration.ZERO), start);
    }

    /** Uses a migrations folder or changelog instead of an example's. */
    public void migrations(String path) {
        migrations = MigrationSource.read(Path.of(path));
    }

    public StepResult environment() throws SQLException {
        return environment(Map.of());
    }

    /**
     * CE-20's environment check ({@link EnvironmentCheck}): server version, other sessions, idle and
     * old transactions, replication lag, extensions and locks the migrations need, disk headroom.
     * Free disk that cannot be measured from here (a remote server) makes the step INCOMPLETE unless
     * it is stated: {@code environment diskFree: '40GB'}, {@code --disk-free}, or the profile's diskFree.
     */
    public StepResult environment(Map<String, Object> options) throws SQLException {
        requireNoOpenTransaction("environment");
        Connection c = connection();
        long start = System.nanoTime();
        return record.record(EnvironmentStep.run(c, info, target, migrations, options, statedDiskFree, out), start);
    }

    /** {@code --disk-free 40GB} from the command line. */
    public void statedDiskFree(String size) {
        this.statedDiskFree = size;
    }

    public SchemaSnapshot snapshot(String label) throws SQLException {
        return snapshot(label, false);
    }

    /** {@code backup 'pre_migration'}: a verified pg_dump under the evidence folder's backups/ (see {@link BackupStep}). */
    public StepResult backup(String label, boolean restoreTest) throws SQLException {
        requireNoOpenTransaction("backup");
        long start = System.nanoTime();
        Connection c = connection();  // connects first: info and live are set by it
        try (var beat = record.beat("backup " + label + ": pg_dump" + (restoreTest ? ", then a restore test" : ""), "backup pre_migration", "backup pre_migration")) {
            return record.record(BackupStep.run(live, info, c, evidence().folder().resolve("backups"), label, restoreTest), start);
        }
    }

    /** {@code rehearse to: '005'}, {@code rollbackCycle to: '003'}: on a copy of the target, never on it ({@link RehearsalSteps}). */
    public StepResult onCopy(String word, Map<String, Object> options) throws SQLException {
        return withTargetFree(word, start -> word.equals("rehearse")
                ? RehearsalSteps.rehearse(options, live, requireMigrations(), evidence(), record, out, start)
                : RehearsalSteps.rollbackCycle(options, live, requireMigrations(), evidence(), record, out, start,
                RehearsalSteps.rollbackCommand(target, example, requireMigrations())));
    }

    /** {@code bench suite: 'queries.sql', to: '005'}: the suite on a pre-migration and a migrated copy, interleaved ({@link BenchSteps}). */
    public StepResult bench(Map<String, Object> options) throws SQLException {
        return withTargetFree("bench", start -> BenchSteps.bench(options, live, requireMigrations(), example, evidence(), record, out, start));
    }

    private interface CopyStep {
        StepResult run(long start) throws SQLException;
    }

    /** Runs a step that copies the target: connected first (live is set by it), then closed, since a template copy needs the target free. */
    private StepResult withTargetFree(String word, CopyStep step) throws SQLException {
        requireNoOpenTransaction(word);
        long start = System.nanoTime();
        connection();
        close();
        try {
            return step.run(start);
        } finally {
            connection = Connector.open(live);
        }
    }

    /**
     * The schema and exact row counts, written as {@code <label>_state.json/.md}. Each table's rows are
     * captured too (counts; with {@code content}, an order-independent fingerprint per table and column),
     * so that {@code preserved before, after} can compare two snapshots table by table.
     */
    public SchemaSnapshot snapshot(String label, boolean content) throws SQLException {
        requireNoOpenTransaction("snapshot");
        return captures.take(connection(), label, content, evidence(), record);
    }

    /**
     * Compares the rows of two snapshots table by table (a loss in one table never cancels a gain in
     * another): counts, or with {@code content} the fingerprints of every table and, for the tables the
     * change between them altered, of every column. Both snapshots must have been taken with content.
     */
    List<Finding> preserved(SchemaSnapshot before, SchemaSnapshot after, boolean content) {
        return captures.preserved(before, after, content);
    }

    public SnapshotDiff diff(SchemaSnapshot before, SchemaSnapshot after, String label) {
        SnapshotDiff d = SnapshotDiff.between(before, after);
        evidence().write(label + "_diff.md", d.toMarkdown("Schema diff: " + label));
        out.println("[INFO] diff " + label + ": " + d.changes().size() + " change(s)");
        return d;
    }

    public StepResult validate() throws SQLException {
        requireNoOpenTransaction("validate");
        long start = System.nanoTime();
        MigrationSet set = requireMigrations();
        try (MigrationEngine engine = engine(set, e -> { })) {
            ValidationReport r = Validator.validate(set, connection(), engine.status().pending(), engine.checksumDrift(), record.migrationTimings());
            evidence().write("migration_dependency_graph.md", r.dependencyGraph());
            evidence().write("migration_execution_plan.md", r.executionPlan());
            evidence().write("syntax_validation.log", r.syntaxLog());
            return record.record(r.result().withSummary(set.migrations().size() + " migrations, " + r.result().metrics().get("pending")
                    + " pending, " + StepResult.describe(r.result().findings())), start);
        }
    }

    public StepResult lint() throws SQLException {
        return lint(Map.of());
    }

    /**
     * {@code lint exclude: ['FOREIGN_KEY_ADD'], suppressions: 'lint-accepted.txt'}. With a connection,
     * findings are ranked by the tables' sizes as they are now (before the migration).
     */
    public StepResult lint(Map<String, Object> options) throws SQLException {
        dev.stagegate.migration.lint.LintOptions o = LintStepOptions.from(options);
        long start = System.nanoTime();
        if (connection != null && transactionMark().isEmpty()) {
            o = o.withSnapshot(new CatalogReader(connection).read(false));
        }
        List<Finding> findings = Linter.lint(requireMigrations(), o);
        evidence().writeJson("lint_findings.json", findings);
        return record.record(StepResult.of("lint", findings, Map.of("findings", findings.size()), List.of(), Duration.ZERO), start);
    }

    public StepResult migrate(String to) {
        requireNoOpenTransaction("migrate");
        return MigrationSteps.migrate(connection(), requireMigrations(), to, record, out);
    }

    public StepResult rollback(String to) {
        requireNoOpenTransaction("rollback");
        return MigrationSteps.rollback(connection(), requireMigrations(), to, record, out);
    }

    public MigrationStatus status() {
        try (MigrationEngine engine = engine(requireMigrations(), e -> { })) {
            return engine.status();
        }
    }

    public StepResult verify() throws SQLException {
        return verify(Map.of());
    }

    /** {@code verify critical: [...], minFks: 15, suppressions: 'file', ...}: the options of {@code stagegate verify}. */
    public StepResult verify(Map<String, Object> options) throws SQLException {
        requireNoOpenTransaction("verify");
        VerifyOptions o = VerifyOptions.from(options, example, Path.of(""));
        long start = System.nanoTime();
        verifiedSchema = new CatalogReader(connection()).read(false);
        VerificationStep v;
        try (var beat = record.beat("verify: RLS coverage, isolation probes on every tenant table, keys, integrity", null, "")) {
            v = VerificationStep.run(connection(), o, evidence(), out);
        }
        v.conditions().forEach(record::show);
        return record.record(v.step(), start);
    }

    /** {@code waive 'performance', reason: 'no hot queries yet'}: GO without that condition, shown beside the verdict. */
    public void waive(String condition, String reason) {
        record.waive(condition, reason);
    }

    /** Expectations written in the script or at the console, run in a rolled-back transaction. */
    public StepResult expect(Consumer<Expectations> spec) throws SQLException {
        return expect((e, preservation) -> spec.accept(e));
    }

    /** The checks of an {@code expect} block: catalog and SQL expectations, and {@code preserved} comparisons. */
    StepResult expect(java.util.function.BiConsumer<Expectations, List<List<Finding>>> spec) throws SQLException {
        requireNoOpenTransaction("expect");
        long start = System.nanoTime();
        return record.record(ExpectStep.run(connection(), spec, out), start);
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

    public Verdict verdict() {
        return record.verdict(schemaChangedSinceVerify());
    }

    public List<StepResult> steps() {
        return record.steps();
    }

    /** Writes the run's results (reproducible) and timings (not), and the one-line verdict. */
    public Verdict finish() {
        Verdict v = verdict();
        record.write(evidence(), v);
        record.writeReports(evidence());
        out.println(v.line());
        out.println("evidence in " + evidence().folder());
        return v;
    }

    /** A run stopped by an error (a broken script, a SQL error, a refused input) still leaves its record. */
    public void finishAfterError(String code, String message, int exitCode) {
        record.writeStopped(evidence(), code, message, exitCode);
        record.writeReports(evidence());
    }

    /** Null when the schema is the one verify ran on (or cannot be read now); else what changed. */
    private String schemaChangedSinceVerify() {
        return verifiedSchema == null || connection == null || !transactionMark().isEmpty() ? null
                : VerificationStep.changedSince(verifiedSchema, connection);
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
