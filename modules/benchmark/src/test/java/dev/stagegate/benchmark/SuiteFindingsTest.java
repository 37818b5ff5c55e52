package dev.stagegate.benchmark;

import dev.stagegate.benchmark.plan.QueryPlan;
import dev.stagegate.benchmark.server.ConnectionHealth;
import dev.stagegate.benchmark.server.RelationSizes;
import dev.stagegate.benchmark.server.SlowStatements;
import dev.stagegate.benchmark.suite.QuerySuite;
import dev.stagegate.benchmark.verdict.Outcome;
import dev.stagegate.benchmark.verdict.QueryVerdict;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the server and the verdicts say beyond the timing, each on a fixture built to raise it: a
 * session left under the benchmark's name is a leak, one idle in a transaction is seen, a query over
 * a second or over its limit is named, a suite without a control is told it has none, a query without
 * a verdict never reads as a pass.
 */
class SuiteFindingsTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static List<String> codes(List<Finding> fs) {
        return fs.stream().map(Finding::code).toList();
    }

    @Test
    void aRoleThatSkipsRowLevelSecurityIsSaidTableByTable() throws Exception {
        try (Connection c = db.connect(); java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE rls_t (id int, tenant int)");
            st.execute("CREATE TABLE plain_t (id int)");
            st.execute("ALTER TABLE rls_t ENABLE ROW LEVEL SECURITY");
            st.execute("CREATE POLICY p ON rls_t USING (tenant = 1)");
            st.execute("DROP ROLE IF EXISTS sg_rls_app");
            st.execute("DROP ROLE IF EXISTS sg_rls_owner");
            st.execute("CREATE ROLE sg_rls_app");
            st.execute("CREATE ROLE sg_rls_owner");
            try {
                // the test's superuser skips every policy: the finding names the table and why
                List<dev.stagegate.benchmark.server.RlsBypass.Bypassed> su = dev.stagegate.benchmark.server.RlsBypass.read(c,
                        List.of("public.rls_t", "public.plain_t"));
                assertThat(su).containsExactly(new dev.stagegate.benchmark.server.RlsBypass.Bypassed("public.rls_t", "a superuser"));
                List<Finding> f = SuiteFindings.rlsBypassed(su);
                assertThat(codes(f)).containsExactly("BENCH_RLS_BYPASSED");
                assertThat(f.get(0).message()).contains("a superuser", "public.rls_t", "not evaluated");
                // the owner skips them unless the table forces them; an application role pays them
                st.execute("ALTER TABLE rls_t OWNER TO sg_rls_owner");
                st.execute("SET ROLE sg_rls_owner");
                assertThat(dev.stagegate.benchmark.server.RlsBypass.read(c, List.of("public.rls_t"))).extracting(b -> b.why())
                        .containsExactly("the table's owner (no FORCE)");
                st.execute("RESET ROLE");
                st.execute("ALTER TABLE rls_t FORCE ROW LEVEL SECURITY");
                st.execute("SET ROLE sg_rls_owner");
                assertThat(dev.stagegate.benchmark.server.RlsBypass.read(c, List.of("public.rls_t"))).isEmpty();
                st.execute("RESET ROLE");
                st.execute("SET ROLE sg_rls_app");
                assertThat(dev.stagegate.benchmark.server.RlsBypass.read(c, List.of("public.rls_t"))).isEmpty();
                assertThat(SuiteFindings.rlsBypassed(List.of())).isEmpty();
            } finally {
                st.execute("RESET ROLE");
                st.execute("DROP TABLE rls_t, plain_t");
                st.execute("DROP ROLE sg_rls_app");
                st.execute("DROP ROLE sg_rls_owner");
            }
        }
    }

    @Test
    void oneDatabaseAsBothArmsIsAnAaRunAndSaysSo() {
        dev.stagegate.core.target.Target a = dev.stagegate.core.target.Target.builder("a").kind(dev.stagegate.core.target.Target.Kind.JDBC)
                .host("db1").port(5432).database("shop").user("u").build();
        dev.stagegate.core.target.Target copy = a.toBuilder().database("shop_copy").build();
        assertThat(SuiteFindings.sameDatabase(a, a.toBuilder().build())).isTrue();
        assertThat(SuiteFindings.sameDatabase(a, copy)).isFalse();
        assertThat(SuiteFindings.sameDatabase(a, a.toBuilder().port(5433).build())).isFalse();
        List<Finding> f = SuiteFindings.aa(a);
        assertThat(codes(f)).containsExactly("BENCH_SAME_DATABASE");
        assertThat(f.get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(f.get(0).message()).contains("one database (shop)", "A/A", "--baseline-db");
    }

    @Test
    void forksThatRanUnpinnedAreSaidAndPinnedOnesAreNot() {
        assertThat(SuiteFindings.pinning("pinned: each fork's benchmark thread and its backend on CPU 1")).isEmpty();
        assertThat(SuiteFindings.pinning(null)).isEmpty();
        List<Finding> f = SuiteFindings.pinning("not pinned: the server is not on this machine (no process 4242 here)");
        assertThat(codes(f)).containsExactly("BENCH_UNPINNED");
        assertThat(f.get(0).severity()).isEqualTo(Severity.WARNING);
        assertThat(f.get(0).message()).contains("not on this machine").contains("wider");
    }

    @Test
    void aLeftoverSessionIsALeakAndAnIdleTransactionIsSeen() throws Exception {
        try (Connection leaked = db.connect(); Connection idle = db.connect(); Connection me = db.connect()) {
            leaked.createStatement().execute("SET application_name = 'stagegate bench run-1'");
            idle.setAutoCommit(false);
            idle.createStatement().execute("SELECT 1");
            ConnectionHealth.Reading r = ConnectionHealth.awaitGone(me, "stagegate bench run-1", 300);
            assertThat(r.leftovers()).isEqualTo(1);
            assertThat(r.idleInTransaction()).isGreaterThanOrEqualTo(1);
            assertThat(ConnectionHealth.read(me, "stagegate bench other").leftovers()).isZero();
            List<Finding> f = SuiteFindings.server(Map.of(), Map.of(), Map.of(), r, new SlowStatements.Found(List.of(), "x"), Map.of(), Map.of());
            assertThat(codes(f)).containsExactlyInAnyOrder("BENCH_CONNECTION_LEAK", "BENCH_IDLE_IN_TRANSACTION");
            assertThat(f.stream().filter(x -> x.code().equals("BENCH_CONNECTION_LEAK")).findFirst().orElseThrow().fails()).isTrue();
            idle.rollback();
        }
    }

    @Test
    void slowStatementsGrowthAndUnusedIndexesAreReported() throws Exception {
        QuerySuite suite = QuerySuite.parse(Path.of("s.sql"), "-- name: report\nSELECT 1;\n-- name: control\n-- control\nSELECT 2;\n");
        Map<String, double[]> cand = Map.of("report", new double[]{1400, 1500, 1600}, "control", new double[]{0.1, 0.1, 0.1});
        List<String> slow = SlowStatements.fromSuite(suite, cand);
        assertThat(slow).singleElement().asString().startsWith("report: median 1500.0 ms");
        try (Connection c = db.connect()) {
            SlowStatements.Found found = SlowStatements.read(c, suite, cand);
            assertThat(found.source()).contains("not installed");
            assertThat(found.statements()).isEqualTo(slow);
        }
        var health = new ConnectionHealth.Reading(Map.of("idle", 1), 0, 0, 0, 100);
        Map<String, RelationSizes.Size> before = Map.of("public.t", new RelationSizes.Size("public.t", "table", "", 10, 1 << 20, 1 << 20));
        Map<String, RelationSizes.Size> after = Map.of("public.t", new RelationSizes.Size("public.t", "table", "", 10, 40 << 20, 40 << 20));
        QueryPlan plan = QueryPlan.of("report", "[{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Schema\": \"public\", \"Relation Name\": \"t\", \"Plan Rows\": 10}}]", 1);
        List<Finding> f = SuiteFindings.server(Map.of("public.t_idx", 0L, "public.t_pkey", 4L), Map.of("public.t_idx", "public.t", "public.t_pkey",
                "public.t"), Map.of("report", plan), health, new SlowStatements.Found(slow, "the suite's medians"), before, after);
        assertThat(codes(f)).containsExactlyInAnyOrder("BENCH_SLOW_QUERY", "BENCH_SIZE_GROWTH", "BENCH_INDEX_UNUSED");
        Finding unused = f.stream().filter(x -> x.code().equals("BENCH_INDEX_UNUSED")).findFirst().orElseThrow();
        assertThat(unused.severity()).isEqualTo(Severity.INFO);
        assertThat(unused.proof()).containsExactly("public.t_idx on public.t");
    }

    @Test
    void aControlWhosePlanTheMigrationChangedIsSaidAndAnUntouchedOneIsNot() {
        QueryPlan byIndex = QueryPlan.of("control", "[{\"Plan\": {\"Node Type\": \"Index Scan\", \"Schema\": \"public\", \"Relation Name\": "
                + "\"tenants\", \"Index Name\": \"tenants_slug\", \"Plan Rows\": 1}}]", 1);
        QueryPlan bySeqScan = QueryPlan.of("control", "[{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Schema\": \"public\", \"Relation Name\": "
                + "\"tenants\", \"Plan Rows\": 1}}]", 1);
        List<Finding> touched = SuiteFindings.controlTouched("control", Map.of("control", byIndex), Map.of("control", bySeqScan));
        assertThat(codes(touched)).containsExactly("BENCH_CONTROL_TOUCHED");
        assertThat(touched.get(0).proof()).containsExactly("baseline: Index Scan on public.tenants using tenants_slug",
                "candidate: Seq Scan on public.tenants");
        assertThat(SuiteFindings.controlTouched("control", Map.of("control", byIndex), Map.of("control", byIndex))).isEmpty();
        assertThat(SuiteFindings.controlTouched(null, Map.of("control", byIndex), Map.of("control", bySeqScan))).isEmpty();
    }

    private static QueryVerdict verdict(String id, Outcome o, double r) {
        return new QueryVerdict(id, o, r, r - 0.05, r + 0.05, 0.02, 0.02, 0.02, 6, 6, "why");
    }

    @Test
    void everyVerdictThatIsNotACleanPassIsAFindingAndNoVerdictNeverPasses() {
        QuerySuite noControl = QuerySuite.parse(Path.of("s.sql"), "-- name: a\n-- max: 1ms\nSELECT 1;\n-- name: b\nSELECT 2;\n-- name: c\nSELECT 3;\n"
                + "-- name: d\nSELECT 4;\n-- name: e\nSELECT 5;\n");
        Map<String, QueryVerdict> v = new LinkedHashMap<>();
        v.put("a", verdict("a", Outcome.PASS, 1.0));
        v.put("b", verdict("b", Outcome.FAIL, 1.2));
        v.put("c", verdict("c", Outcome.ROLLBACK, 1.6));
        v.put("d", verdict("d", Outcome.NO_VERDICT, 1.0));
        v.put("e", verdict("e", Outcome.PASS_WARN, 1.08));
        Map<String, double[]> ms = Map.of("a", new double[]{2, 2, 2}, "b", new double[]{1}, "c", new double[]{1}, "d", new double[]{1},
                "e", new double[]{1});
        List<Finding> f = SuiteFindings.verdicts(v, noControl, ms, ms, false);
        assertThat(codes(f)).containsExactlyInAnyOrder("BENCH_SLOWER", "BENCH_ROLLBACK_TRIGGER", "BENCH_NO_VERDICT", "BENCH_SLOWER",
                "BENCH_OVER_LIMIT", "BENCH_NO_CONTROL", "BENCH_NOT_INTERLEAVED");
        assertThat(f.stream().filter(x -> x.object().equals("e")).findFirst().orElseThrow().severity()).isEqualTo(Severity.WARNING);
        assertThat(f.stream().filter(x -> x.object().equals("c")).findFirst().orElseThrow().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(Outcome.NO_VERDICT.passes()).isFalse();
    }
}
