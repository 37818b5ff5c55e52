package dev.stagegate.benchmarks;

import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.embedded.EmbeddedPostgresServer;
import dev.stagegate.verification.fk.ForeignKeyChecks;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Issue 4's target: the orphan scan of a 5-million-row child table costs at most 1.3x a plain
 * {@code SELECT count(*)} of that table. The child references a 500,000-row parent through an
 * indexed foreign key; both are vacuumed and analyzed, as after a migration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
public class OrphanScanBenchmark {

    @Param("5000000")
    long rows;

    private Connection connection;
    private SchemaSnapshot snapshot;

    @Setup(Level.Trial)
    public void load() throws SQLException {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        connection = server.connect(server.createFreshDatabase("bench_orphans"));
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE parent (id bigint PRIMARY KEY, name text NOT NULL)");
            st.execute("INSERT INTO parent SELECT g, 'parent ' || g FROM generate_series(1, " + rows / 10 + ") g");
            st.execute("CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint NOT NULL, body text NOT NULL, "
                    + "created_at timestamptz NOT NULL DEFAULT now())");
            st.execute("INSERT INTO child (id, parent_id, body) SELECT g, 1 + g % " + rows / 10
                    + ", md5(g::text) FROM generate_series(1, " + rows + ") g");
            st.execute("CREATE INDEX child_parent_id ON child (parent_id)");
            st.execute("ALTER TABLE child ADD CONSTRAINT child_parent_fkey FOREIGN KEY (parent_id) REFERENCES parent (id)");
            st.execute("VACUUM ANALYZE parent");
            st.execute("VACUUM ANALYZE child");
        }
        snapshot = new CatalogReader(connection).read(false);
    }

    @Benchmark
    public long countStar() throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM child")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Benchmark
    public long orphanScan() throws SQLException {
        return ForeignKeyChecks.orphans(connection, snapshot).orphans();
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        connection.close();
    }
}
