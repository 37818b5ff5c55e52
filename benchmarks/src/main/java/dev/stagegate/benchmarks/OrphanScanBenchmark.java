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
 * {@code SELECT count(*)} of that table. Two key shapes, each indexed, tables vacuumed and analyzed
 * as after a migration: {@code tenant_id} (25,000 tenants: the shape of every tenant key) and
 * {@code parent_id} (500,000 parents, 10 children each: a document's clauses).
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

    @Param({"tenant_id", "parent_id"})
    String key;

    private Connection connection;
    private SchemaSnapshot snapshot;

    @Setup(Level.Trial)
    public void load() throws SQLException {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        connection = server.connect(server.createFreshDatabase("bench_orphans"));
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE tenants (id bigint PRIMARY KEY)");
            st.execute("INSERT INTO tenants SELECT generate_series(1, 25000)");
            st.execute("CREATE TABLE parent (id bigint PRIMARY KEY, name text NOT NULL)");
            st.execute("INSERT INTO parent SELECT g, 'parent ' || g FROM generate_series(1, " + rows / 10 + ") g");
            st.execute("CREATE TABLE child (id bigint PRIMARY KEY, tenant_id bigint NOT NULL, parent_id bigint NOT NULL, "
                    + "body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
            st.execute("INSERT INTO child (id, tenant_id, parent_id, body) SELECT g, 1 + g % 25000, 1 + g % " + rows / 10
                    + ", md5(g::text) FROM generate_series(1, " + rows + ") g");
            st.execute("CREATE INDEX child_tenant_id ON child (tenant_id)");
            st.execute("CREATE INDEX child_parent_id ON child (parent_id)");
            st.execute("ALTER TABLE child ADD CONSTRAINT child_tenant_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id)");
            st.execute("ALTER TABLE child ADD CONSTRAINT child_parent_fkey FOREIGN KEY (parent_id) REFERENCES parent (id)");
            st.execute("VACUUM ANALYZE");
        }
        SchemaSnapshot all = new CatalogReader(connection).read(false);
        // Measure one key at a time: the snapshot keeps only the foreign key on the chosen column.
        snapshot = new SchemaSnapshot(all.capturedAt(), all.database(), all.serverVersionNum(), all.schemas(), all.exactCounts(),
                all.tables(), all.foreignKeys().stream().filter(fk -> fk.columns().equals(java.util.List.of(key))).toList(),
                all.constraints(), all.indexes(), all.policies(), all.views(), all.functions(), all.triggers(), all.extensions());
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
