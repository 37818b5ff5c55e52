package dev.stagegate.benchmarks;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.embedded.EmbeddedPostgresServer;
import dev.stagegate.verification.fk.ForeignKeyChecks;
import dev.stagegate.verification.rls.RlsCoverage;
import dev.stagegate.verification.tenant.TenantDiscovery;
import dev.stagegate.verification.tenant.TenantModel;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Issue 4's target: every catalog check together (snapshot, tenant discovery, RLS coverage, FK
 * catalog checks) on a 1,000-table schema in under 1 s. They read nothing but the snapshot, so
 * the round trips stay at {@link CatalogReader#QUERIES}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CatalogChecksBenchmark {

    @Param("1000")
    int tables;

    private Connection connection;

    @Setup(Level.Trial)
    public void createSchema() throws SQLException {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.shared();
        connection = server.connect(server.createFreshDatabase("bench_checks"));
        GeneratedSchema.tenantTables(connection, tables);
    }

    @Benchmark
    public List<Finding> allCatalogChecks() throws SQLException {
        SchemaSnapshot s = new CatalogReader(connection).read(false);
        TenantModel model = TenantDiscovery.discover(s, Set.of("tenants"));
        List<Finding> out = new ArrayList<>(RlsCoverage.check(s, model));
        out.addAll(ForeignKeyChecks.catalog(s, List.of(), 15));
        return out;
    }

    /**
     * The catalog part of verify since issue 10: helper bodies read for discovery, the scope applied,
     * partition drift judged. The method above is the same run's reference (issue 4's path).
     */
    @Benchmark
    public List<Finding> allCatalogChecksAsVerifyRunsThem() throws SQLException {
        SchemaSnapshot s = new CatalogReader(connection).read(false);
        dev.stagegate.verification.tenant.Scope scope = dev.stagegate.verification.tenant.Scope.DEFAULT;
        TenantModel model = TenantDiscovery.find(s, Set.of("tenants"), dev.stagegate.verification.tenant.FunctionBodies.read(connection), scope)
                .orElseThrow();
        SchemaSnapshot scoped = dev.stagegate.verification.tenant.ScopedSnapshot.of(s, scope);
        List<Finding> out = new ArrayList<>(RlsCoverage.check(scoped, model, dev.stagegate.verification.role.ApplicationRole.UNKNOWN));
        out.addAll(dev.stagegate.verification.partition.PartitionDrift.rls(scoped));
        out.addAll(ForeignKeyChecks.catalog(scoped, List.of(), 15));
        out.addAll(dev.stagegate.verification.partition.PartitionDrift.keys(scoped));
        return out;
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        connection.close();
    }
}
