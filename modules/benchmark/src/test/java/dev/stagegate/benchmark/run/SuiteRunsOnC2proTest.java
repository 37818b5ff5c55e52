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
}
