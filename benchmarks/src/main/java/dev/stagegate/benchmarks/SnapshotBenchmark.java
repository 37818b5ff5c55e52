package dev.stagegate.benchmarks;

import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.embedded.EmbeddedPostgresServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Issue 2's target: a snapshot of a schema with 1,000 tables, 2,000 foreign keys (each indexed)
 * and 1,000 RLS policies in under 1 s. The schema is generated once per fork on the embedded
 * PostgreSQL; the measured operation is one full {@link CatalogReader#read} over a warm connection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SnapshotBenchmark {

    @Param("1000")
    int tables;

    private Connection connection;

    @Setup(Level.Trial)
    public void createSchema() throws SQLException {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        String db = server.createFreshDatabase("bench_snapshot");
        connection = server.connect(db);
        GeneratedSchema.tenantTables(connection, tables);
        SchemaSnapshot check = read();
        if (check.tables().size() != tables + 1 || check.foreignKeys().size() != 2L * tables
                || check.policies().size() != tables + 1) {
            throw new IllegalStateException("generated schema is not the one measured: " + check.counts());
        }
    }

    @Benchmark
    public SchemaSnapshot snapshot() throws SQLException {
        return read();
    }

    private SchemaSnapshot read() throws SQLException {
        return new CatalogReader(connection).read(false);
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        connection.close();
    }
}
