package dev.stagegate.benchmark;

import dev.stagegate.benchmark.plan.PlanChanges;
import dev.stagegate.benchmark.plan.QueryPlan;
import dev.stagegate.benchmark.run.BenchRunner;
import dev.stagegate.benchmark.run.SuiteParameters;
import dev.stagegate.benchmark.server.RelationSizes;
import dev.stagegate.benchmark.suite.QuerySuite;
import dev.stagegate.benchmark.verdict.Outcome;
import dev.stagegate.benchmark.verdict.Thresholds;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.EvidenceRun;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.core.target.Target;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CE-26 end to end on real databases: the candidate lost the index one query needs (an index scan
 * became a scan of 200,000 rows). The check must call it a rollback trigger, show the plan that
 * changed, read index counters that moved, leave no connection behind and write its four files; a
 * stored baseline compares the same way but says it was not interleaved.
 */
class PerformanceCheckTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path tmp;

    static final String SUITE = """
            -- param: account = SELECT account FROM events ORDER BY id LIMIT 1
            -- name: events_of_account
            -- max: 0.001ms
            SELECT id, body FROM events WHERE account = :account;
            -- name: event_by_id
            -- control
            SELECT id, body FROM events WHERE id = 42;
            """;

    static final PerformanceCheck.Options SHORT = new PerformanceCheck.Options(new BenchRunner.Settings(4, 1, 1000, 2, 200), Thresholds.seeds(),
            100_000);

    @BeforeAll
    static void databases() throws Exception {
        String setup = "CREATE TABLE events (id bigint PRIMARY KEY, account int NOT NULL, body text);"
                + "INSERT INTO events SELECT g, g % 20000, md5(g::text) FROM generate_series(1, 200000) g;"
                + "CREATE INDEX events_account ON events (account); ANALYZE events;";
        for (String d : new String[]{"perf_before", "perf_after", "perf_gone"}) {
            db.execute("CREATE DATABASE " + d);
            try (Connection c = db.server().connect(d)) {
                c.createStatement().execute(setup);
            }
        }
        try (Connection c = db.server().connect("perf_after")) {
            c.createStatement().execute("DROP INDEX events_account");
        }
        try (Connection c = db.server().connect("perf_gone")) {
            // a migration that dropped a column a query reads, and one that deleted what another query finds
            c.createStatement().execute("ALTER TABLE events DROP COLUMN body; DELETE FROM events WHERE account = 1");
        }
    }

    @Test
    void aQueryTheMigrationBrokeIsARollbackTriggerAndAChangedOrEmptyResultIsSaid() throws Exception {
        QuerySuite s = suite("""
                -- param: account = SELECT account FROM events ORDER BY id LIMIT 1
                -- name: with_body
                SELECT id, body FROM events WHERE account = :account;
                -- name: ids_of_account
                SELECT id FROM events WHERE account = :account;
                -- name: nobody
                SELECT id FROM events WHERE account = -1;
                -- name: control
                -- control
                SELECT 1;
                """);
        Map<String, String> broken = new java.util.LinkedHashMap<>();
        PerformanceCheck.Arm before;
        PerformanceCheck.Arm after;
        try (Connection b = db.server().connect("perf_before"); Connection a = db.server().connect("perf_gone")) {
            Map<String, Object> params = SuiteParameters.pick(b, s);
            before = PerformanceCheck.arm(b, s, params, null);
            after = PerformanceCheck.arm(a, s, params, broken);
        }
        assertThat(broken).containsOnlyKeys("with_body");
        assertThat(broken.get("with_body")).contains("body");
        List<Finding> f = new java.util.ArrayList<>(SuiteFindings.broken(broken));
        f.addAll(SuiteFindings.results(before.plans(), after.plans()));
        assertThat(codes(f)).containsExactlyInAnyOrder("BENCH_QUERY_BROKEN", "BENCH_RESULT_CHANGED", "BENCH_EMPTY_RESULT");
        assertThat(f.stream().filter(x -> x.code().equals("BENCH_QUERY_BROKEN")).findFirst().orElseThrow().severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.stream().filter(x -> x.code().equals("BENCH_RESULT_CHANGED")).findFirst().orElseThrow().fails()).isTrue();

        // every query but the control broken: nothing is timed, and the verdict is the rollback trigger, never a pass
        QuerySuite onlyBroken = suite("""
                -- param: account = SELECT account FROM events ORDER BY id LIMIT 1
                -- name: with_body
                SELECT id, body FROM events WHERE account = :account;
                -- name: control
                -- control
                SELECT 1;
                """);
        PerformanceResult r = PerformanceCheck.run(target("perf_before"), target("perf_gone"), onlyBroken, SHORT,
                EvidenceRun.create(tmp.resolve("broken")), line -> { });
        assertThat(r.worst()).isEqualTo(Outcome.ROLLBACK);
        assertThat(r.rounds()).isZero();
        assertThat(codes(r.findings())).contains("BENCH_QUERY_BROKEN");
    }

    @Test
    void aSuiteRunsAsItsRoleWithItsSettingsInEveryForkAndPlan() throws Exception {
        db.execute("CREATE DATABASE perf_rls");
        try (Connection c = db.server().connect("perf_rls")) {
            c.createStatement().execute("CREATE TABLE docs (id int PRIMARY KEY, tenant int NOT NULL, body text);"
                    + "INSERT INTO docs SELECT g, g % 3, md5(g::text) FROM generate_series(1, 300) g; ANALYZE docs;"
                    + "ALTER TABLE docs ENABLE ROW LEVEL SECURITY; ALTER TABLE docs FORCE ROW LEVEL SECURITY;"
                    + "CREATE POLICY by_tenant ON docs USING (tenant = current_setting('app.tenant')::int);"
                    + "DROP ROLE IF EXISTS sg_bench_app; CREATE ROLE sg_bench_app; GRANT SELECT ON docs TO sg_bench_app;");
        }
        // the division fails in any session that is not the role's, and the policy in any without the setting: the forks
        // (shouldFailOnError) and the plans could not have run this suite as the login user
        QuerySuite asApp = suite("""
                -- role: sg_bench_app
                -- setting: app.tenant = SELECT max(tenant)::text FROM docs
                -- name: docs_of_tenant
                SELECT id, body FROM docs WHERE 1 / (current_user = 'sg_bench_app')::int = 1;
                -- name: control
                -- control
                SELECT 1;
                """);
        PerformanceResult r = PerformanceCheck.run(target("perf_rls"), target("perf_rls"), asApp, SHORT, EvidenceRun.create(tmp.resolve("rls")),
                line -> { });
        assertThat(r.verdicts()).containsKey("docs_of_tenant");
        assertThat(r.verdicts().get("docs_of_tenant").outcome()).isNotEqualTo(Outcome.ROLLBACK);
        // the policy's rows: tenant 2 of three, not the 300 the login user sees
        assertThat(r.candidatePlans().get("docs_of_tenant").rows()).isEqualTo(100);
        assertThat(codes(r.findings())).doesNotContain("BENCH_RLS_BYPASSED", "BENCH_QUERY_BROKEN");
        assertThat(Files.readString(r.files().stream().filter(f -> f.getFileName().toString().equals("ce26_performance_analysis.sql"))
                .findFirst().orElseThrow())).contains("SELECT set_config('app.tenant', '2', false);", "SET ROLE sg_bench_app;");

        // the same session as the login user (a superuser) skips the policy, which the check says (SuiteFindingsTest: the finding)
        try (Connection c = db.server().connect("perf_rls")) {
            assertThat(dev.stagegate.benchmark.server.RlsBypass.read(c, List.of("public.docs"))).extracting(b -> b.why()).containsExactly("a superuser");
        }

        // a role the login user cannot take is one line before anything is timed
        QuerySuite nobody = suite("-- role: sg_no_such_role\n-- name: q\nSELECT 1;\n");
        assertThatThrownBy(() -> PerformanceCheck.run(target("perf_rls"), target("perf_rls"), nobody, SHORT, EvidenceRun.create(tmp.resolve("nobody")),
                line -> { })).isInstanceOf(StagegateException.class).hasMessageContaining("asks for -- role: sg_no_such_role, which")
                .hasMessageContaining("GRANT sg_no_such_role TO");
    }

    private static Target target(String database) {
        URI u = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        return Target.builder("test").host(u.getHost()).port(u.getPort()).database(database).user(db.user()).password(db.password(), "test")
                .build();
    }

    private QuerySuite suite(String text) throws Exception {
        Path file = tmp.resolve("queries.sql");
        Files.writeString(file, text);
        return QuerySuite.read(file);
    }

    private static List<String> codes(List<Finding> fs) {
        return fs.stream().map(Finding::code).toList();
    }

    @Test
    void aDroppedIndexIsARollbackTriggerWithThePlanThatChangedAndEveryFile() throws Exception {
        EvidenceRun ev = EvidenceRun.create(tmp.resolve("ev"));
        PerformanceResult r = PerformanceCheck.run(target("perf_before"), target("perf_after"), suite(SUITE), SHORT, ev, line -> { });
        assertThat(r.worst()).isEqualTo(Outcome.ROLLBACK);
        assertThat(r.interleaved()).isTrue();
        assertThat(codes(r.findings())).contains("BENCH_ROLLBACK_TRIGGER", "BENCH_PLAN_SEQ_SCAN", "BENCH_OVER_LIMIT")
                .doesNotContain("BENCH_CONNECTION_LEAK", "BENCH_NO_CONTROL", "BENCH_NOT_INTERLEAVED");
        Finding seq = r.findings().stream().filter(f -> f.code().equals("BENCH_PLAN_SEQ_SCAN")).findFirst().orElseThrow();
        assertThat(seq.severity()).isEqualTo(Severity.ERROR);
        assertThat(seq.object()).isEqualTo("events_of_account on public.events");
        assertThat(seq.message()).contains("events_account");
        assertThat(PlanChanges.shape(r.baselinePlans().get("events_of_account"))).contains("events_account");
        assertThat(PlanChanges.shape(r.candidatePlans().get("events_of_account"))).contains("Seq Scan on public.events");
        // the counters were read after the forks' sessions flushed them: the primary key served the control on the candidate
        assertThat(r.indexScans().get("public.events_pkey")).isPositive();
        assertThat(r.health().leftovers()).isZero();
        assertThat(r.slowSource()).contains("not installed");
        assertThat(r.files()).extracting(p -> p.getFileName().toString()).containsExactly("ce26_benchmark_results.json",
                "ce26_performance_chart.svg", "ce26_performance_report.md", "ce26_performance_analysis.sql");
        Path folder = ev.folder();
        assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(folder.resolve("ce26_performance_chart.svg").toFile())
                .getDocumentElement().getTagName()).isEqualTo("svg");
        // before and after per query, each with its interval: the dropped index's "after" bar dwarfs its "before"
        assertThat(Files.readString(folder.resolve("ce26_performance_chart.svg"))).contains("before -&gt; after", "<title>events_of_account before: ",
                "<title>events_of_account after: ", "(95% interval ");
        assertThat(Files.readString(folder.resolve("ce26_performance_report.md"))).contains("**Verdict: ROLLBACK**", "Seq Scan on public.events",
                "| events_of_account |", "ce26_performance_chart.svg");
        assertThat(Files.readString(folder.resolve("ce26_performance_analysis.sql"))).contains("PREPARE sg_plan AS SELECT id, body FROM events "
                + "WHERE account = $1", "EXECUTE sg_plan('1')", "pg_stat_user_indexes");
        assertThat(Files.readString(folder.resolve("ce26_benchmark_results.json"))).contains("\"verdict\" : \"ROLLBACK\"", "candidate_explain");
        assertThat(Files.list(folder.resolve("jmh")).filter(p -> p.toString().endsWith(".json")).count()).as("one paired JSON per round").isEqualTo(4);
    }

    @Test
    void aStoredBaselineIsComparedButSaidNotInterleavedAndAChangedSuiteIsRefused() throws Exception {
        String two = """
                -- param: account = SELECT account FROM events ORDER BY id LIMIT 1
                -- name: events_of_account
                SELECT id, body FROM events WHERE account = :account;
                -- name: control
                -- control
                SELECT 1;
                """;
        QuerySuite s = suite(two);
        Path stored = PerformanceCheck.record(target("perf_before"), s, SHORT, EvidenceRun.create(tmp.resolve("rec")), line -> { });
        assertThat(stored.getFileName().toString()).isEqualTo("baseline_benchmark.json");
        PerformanceResult r = StoredBaseline.compare(stored, target("perf_after"), s, SHORT, EvidenceRun.create(tmp.resolve("cmp")), line -> { });
        assertThat(r.interleaved()).isFalse();
        assertThat(codes(r.findings())).contains("BENCH_NOT_INTERLEAVED", "BENCH_ROLLBACK_TRIGGER", "BENCH_PLAN_SEQ_SCAN");
        assertThat(r.verdicts().get("events_of_account").why()).doesNotContain("paired by round");
        // recorded pinned (the embedded server is on this machine), compared unpinned: refused before anything is timed
        assertThatThrownBy(() -> StoredBaseline.compare(stored, target("perf_after"), s, new PerformanceCheck.Options(SHORT.settings()
                .withPin("off", "--pin-cpu"), SHORT.thresholds(), SHORT.bigTableRows()), EvidenceRun.create(tmp.resolve("cmp1")), line -> { }))
                .isInstanceOf(StagegateException.class).hasMessageContaining("was timed with forks pinned").hasMessageContaining("not comparable");
        Files.writeString(s.file(), two.replace("SELECT 1;", "SELECT 2;"));
        assertThatThrownBy(() -> StoredBaseline.compare(stored, target("perf_after"), QuerySuite.read(s.file()), SHORT,
                EvidenceRun.create(tmp.resolve("cmp2")), line -> { })).isInstanceOf(StagegateException.class).hasMessageContaining("changed since");
        Files.writeString(tmp.resolve("junk.json"), "{\"format\": 7}");
        assertThatThrownBy(() -> StoredBaseline.compare(tmp.resolve("junk.json"), target("perf_after"), s, SHORT,
                EvidenceRun.create(tmp.resolve("cmp3")), line -> { })).isInstanceOf(StagegateException.class).hasMessageContaining("bench record");
    }

    @Test
    void aNewSortOverABigTableIsSeenInThePlanAlone() throws Exception {
        QuerySuite s = suite("""
                -- name: first_accounts
                SELECT id, account FROM events ORDER BY account LIMIT 10;
                """);
        Map<String, Object> none = Map.of();
        QueryPlan before;
        QueryPlan after;
        Map<String, RelationSizes.Size> sizes;
        try (Connection b = db.server().connect("perf_before"); Connection a = db.server().connect("perf_after")) {
            before = QueryPlan.capture(b, s.queries().get(0), none);
            after = QueryPlan.capture(a, s.queries().get(0), none);
            sizes = RelationSizes.read(a);
            // the plan check leaves the session as it found it: no prepared statement of ours, no open transaction
            assertThat(a.createStatement().executeQuery("SELECT count(*) FROM pg_prepared_statements WHERE name = 'sg_plan'")).satisfies(rs -> {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            });
            assertThat(SuiteParameters.class).isNotNull();
        }
        assertThat(sizes.get("public.events").rows()).isGreaterThan(100_000);
        List<Finding> f = PlanChanges.compare(before, after, sizes, 100_000);
        assertThat(codes(f)).contains("BENCH_PLAN_NEW_NODE");
        assertThat(f.stream().filter(x -> x.code().equals("BENCH_PLAN_NEW_NODE")).findFirst().orElseThrow().message())
                .contains("Sort").contains("public.events");
        assertThat(PlanChanges.compare(before, before, sizes, 100_000)).isEmpty();
    }
}
