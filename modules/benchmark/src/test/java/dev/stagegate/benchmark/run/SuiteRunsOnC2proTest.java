package dev.stagegate.benchmark.run;

import dev.stagegate.benchmark.suite.QuerySuite;
import dev.stagegate.benchmark.suite.SuiteQuery;
import dev.stagegate.core.example.Example;
import dev.stagegate.migration.example.ExampleBuilder;
import dev.stagegate.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every query of c2pro's suite runs on the example at 005 with parameters picked from its data, and returns rows. */
class SuiteRunsOnC2proTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void everyQueryRunsWithItsParametersAndReturnsRows() throws Exception {
        Example e = Example.locate("c2pro");
        db.execute("CREATE DATABASE bench_c2pro");
        try (Connection c = db.server().connect("bench_c2pro")) {
            new ExampleBuilder(c, line -> { }).build(e, null, 1);
            QuerySuite suite = QuerySuite.read(e.dir().resolve("queries.sql"));
            Map<String, Object> values = SuiteParameters.pick(c, suite);
            assertThat(values).containsOnlyKeys("tenant", "project", "document", "analysis");
            for (SuiteQuery q : suite.queries()) {
                try (PreparedStatement ps = c.prepareStatement(q.sql())) {
                    SuiteParameters.bind(ps, q, values);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).as(q.id() + " returns rows").isTrue();
                    }
                }
            }
            QuerySuite empty = QuerySuite.parse(null, "-- param: nobody = SELECT id FROM tenants WHERE false\n-- name: a\n"
                    + "SELECT * FROM tenants WHERE id = :nobody\n");
            assertThatThrownBy(() -> SuiteParameters.pick(c, empty)).hasMessageContaining("found no value");
        }
    }

    /** Each example's suite runs where its gate runs it: on the version the gate starts from (the baseline) and on the latest (the candidate). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"c2pro,001", "codex-week2,012", "mandate-008,007"})
    void everyExamplesSuiteRunsOnBothSidesOfItsGate(String example, String from) throws Exception {
        Example e = Example.locate(example);
        String base = "suite_" + example.replace('-', '_') + "_from";
        String latest = "suite_" + example.replace('-', '_') + "_latest";
        db.execute("CREATE DATABASE " + base);
        db.execute("CREATE DATABASE " + latest);
        QuerySuite suite = QuerySuite.read(e.dir().resolve("queries.sql"));
        try (Connection b = db.server().connect(base); Connection l = db.server().connect(latest)) {
            new ExampleBuilder(b, line -> { }).build(e, from, 1);
            new ExampleBuilder(l, line -> { }).build(e, null, 1);
            Map<String, Object> values = SuiteParameters.pick(b, suite);
            for (Connection c : new Connection[]{b, l}) {
                for (SuiteQuery q : suite.queries()) {
                    assertThat(dev.stagegate.benchmark.plan.QueryPlan.capture(c, q, values).nodes()).as(example + " " + q.id()).isNotEmpty();
                    try (PreparedStatement ps = c.prepareStatement(q.sql())) {
                        SuiteParameters.bind(ps, q, values);
                        try (ResultSet rs = ps.executeQuery()) {
                            assertThat(rs.next()).as(example + " " + q.id() + " returns rows on " + c.getCatalog()).isTrue();
                        }
                    }
                }
            }
        }
    }
}
