package dev.stagegate.benchmark.run;

import dev.stagegate.benchmark.suite.QuerySuite;
import dev.stagegate.benchmark.verdict.Comparison;
import dev.stagegate.benchmark.verdict.Outcome;
import dev.stagegate.benchmark.verdict.QueryVerdict;
import dev.stagegate.benchmark.verdict.Thresholds;
import dev.stagegate.core.target.Target;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner through JMH's API on real databases: a candidate whose index a query needs was dropped
 * (an index scan turned into a scan of 200,000 rows) is a rollback trigger, the untouched query and
 * the control are not; every round's JMH JSON is kept.
 */
class BenchRunnerTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path tmp;

    private static Target target(String database) {
        URI u = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        return Target.builder("test").host(u.getHost()).port(u.getPort()).database(database).user(db.user()).password(db.password(), "test")
                .build();
    }

    @Test
    void aDroppedIndexIsARollbackTriggerAndTheRestIsNot() throws Exception {
        String setup = "CREATE TABLE events (id bigint PRIMARY KEY, account int NOT NULL, body text);"
                + "INSERT INTO events SELECT g, g % 20000, md5(g::text) FROM generate_series(1, 200000) g;"
                + "CREATE INDEX events_account ON events (account); ANALYZE events;";
        for (String d : new String[]{"bench_before", "bench_after"}) {
            db.execute("CREATE DATABASE " + d);
            try (Connection c = db.server().connect(d)) {
                c.createStatement().execute(setup);
            }
        }
        try (Connection c = db.server().connect("bench_after")) {
            c.createStatement().execute("DROP INDEX events_account");
        }
        Path file = tmp.resolve("queries.sql");
        Files.writeString(file, """
                -- param: account = SELECT account FROM events ORDER BY id LIMIT 1
                -- name: events_of_account
                SELECT id, body FROM events WHERE account = :account;
                -- name: event_by_id
                SELECT id, body FROM events WHERE id = 42;
                -- name: control
                -- control
                SELECT 1;
                """);
        QuerySuite suite = QuerySuite.read(file);
        Map<String, Object> params;
        try (Connection c = db.server().connect("bench_before")) {
            params = SuiteParameters.pick(c, suite);
        }
        BenchRunner.Samples s = BenchRunner.run(target("bench_before"), target("bench_after"), suite, params,
                new BenchRunner.Settings(4, 1, 1000, 2, 200), tmp.resolve("ev"));
        // the embedded server is on this machine: every fork and its backend shared one CPU
        assertThat(s.pinning()).startsWith("pinned: each fork's benchmark thread and its backend on CPU");
        assertThat(s.baseline().get("events_of_account")).hasSize(4);
        assertThat(s.candidate().get("events_of_account")).hasSize(4);
        assertThat(s.jmhJson()).hasSize(4).allSatisfy(p -> assertThat(Files.readString(p)).contains("\"primaryMetric\"").contains("PairedQueryBenchmark.run"));
        Map<String, QueryVerdict> v = Comparison.judge(s.baseline(), s.candidate(), null, Thresholds.seeds(), false);
        assertThat(v.get("events_of_account").outcome()).as(v.get("events_of_account").why()).isEqualTo(Outcome.ROLLBACK);
        assertThat(v.get("event_by_id").outcome()).as(v.get("event_by_id").why()).isNotEqualTo(Outcome.ROLLBACK);
    }
}
