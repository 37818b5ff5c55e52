package dev.stagegate.benchmarks;

import dev.stagegate.embedded.EmbeddedPostgresServer;
import dev.stagegate.migration.engine.EngineOptions;
import dev.stagegate.migration.engine.MigrationEngine;
import dev.stagegate.migration.engine.MigrationRun;
import dev.stagegate.migration.source.MigrationSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 3's target: applying 250 small migrations through stagegate costs at most 1.5x the same
 * SQL through {@code psql -1 -f} on the same server. Each invocation gets a fresh database
 * (created in setup, outside the measurement). {@link #parseAndReadHistory} times on its own what
 * Liquibase is known to be slow at: parsing the changelog and reading the history.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3)
@Measurement(iterations = 10)
public class MigrateBenchmark {

    static final int MIGRATIONS = 250;

    private EmbeddedPostgresServer server;
    private Path folder;
    private Path allInOne;
    private String database;
    private String migratedDatabase;
    private int round;

    @Setup(Level.Trial)
    public void generate() throws IOException, SQLException {
        server = EmbeddedPostgresServer.shared();
        folder = GeneratedSchema.migrationFolder("bench-migrations-", MIGRATIONS);
        allInOne = folder.resolve(GeneratedSchema.ALL_IN_ONE);
        migratedDatabase = server.createFreshDatabase("bench_history");
        try (Connection c = server.connect(migratedDatabase); MigrationEngine engine = engine(c)) {
            check(engine.migrate(null));
        }
    }

    @Setup(Level.Invocation)
    public void freshDatabase() throws SQLException {
        database = server.createFreshDatabase("bench_migrate_" + (round++));
    }

    @Benchmark
    public MigrationRun stagegate() throws SQLException {
        try (Connection c = server.connect(database); MigrationEngine engine = engine(c)) {
            return check(engine.migrate(null));
        }
    }

    @Benchmark
    public int psqlSingleTransaction() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-h", server.host(),
                "-p", Integer.toString(server.port()), "-U", EmbeddedPostgresServer.SUPERUSER, "-d", database,
                "-f", allInOne.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("psql failed with exit " + exit);
        }
        return exit;
    }

    @Benchmark
    public List<dev.stagegate.migration.engine.Drift> parseAndReadHistory() throws SQLException {
        try (Connection c = server.connect(migratedDatabase); MigrationEngine engine = engine(c)) {
            engine.status();
            return engine.checksumDrift();
        }
    }

    @TearDown(Level.Invocation)
    public void dropDatabase() throws SQLException {
        server.dropDatabase(database);
    }

    private MigrationEngine engine(Connection c) {
        return new MigrationEngine(c, MigrationSource.read(folder), EngineOptions.defaults(), e -> { });
    }

    private static MigrationRun check(MigrationRun run) {
        if (!run.succeeded()) {
            throw new IllegalStateException(run.failure());
        }
        return run;
    }
}
