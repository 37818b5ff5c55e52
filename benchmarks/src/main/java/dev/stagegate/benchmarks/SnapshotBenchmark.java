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
import java.sql.Statement;
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
        try (Statement st = connection.createStatement()) {
            StringBuilder ddl = new StringBuilder();
            for (int i = 0; i < tables; i++) {
                // Each table references the two before it (wrapping to itself at the start): 2 FKs a table.
                int a = Math.max(0, i - 1);
                int b = Math.max(0, i - 2);
                ddl.append("CREATE TABLE t").append(i).append(" (id bigint PRIMARY KEY, tenant_id bigint NOT NULL, ")
                        .append("a_id bigint REFERENCES t").append(a).append(" (id) ON DELETE CASCADE, ")
                        .append("b_id bigint REFERENCES t").append(b).append(" (id), created_at timestamptz DEFAULT now());")
                        .append("CREATE INDEX ON t").append(i).append(" (a_id);")
                        .append("CREATE INDEX ON t").append(i).append(" (b_id);")
                        .append("ALTER TABLE t").append(i).append(" ENABLE ROW LEVEL SECURITY;")
                        .append("CREATE POLICY tenant_isolation ON t").append(i)
                        .append(" USING (tenant_id = nullif(current_setting('app.tenant', true), '')::bigint);");
                if (i % 100 == 99) {
                    st.execute(ddl.toString());
                    ddl.setLength(0);
                }
            }
            st.execute(ddl.toString());
            st.execute("ANALYZE");
        }
        SchemaSnapshot check = read();
        if (check.tables().size() != tables || check.foreignKeys().size() != 2L * tables
                || check.policies().size() != tables) {
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
