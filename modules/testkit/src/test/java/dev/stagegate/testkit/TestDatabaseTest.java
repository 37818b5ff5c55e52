package dev.stagegate.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class TestDatabaseTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void givesEachClassItsOwnFreshDatabase() throws Exception {
        assertThat(db.name()).startsWith("t_testdatabasetest_");
        assertThat(db.queryLong("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = 'public'")).isZero();
        assertThat(db.queryLong("SELECT count(*) FROM pg_database WHERE datname = current_database()")).isEqualTo(1);
    }

    @Test
    void queryCounterCountsEveryExecution() throws Exception {
        QueryCounter counter = new QueryCounter();
        try (Connection c = counter.wrap(db.connect()); Statement st = c.createStatement()) {
            st.executeQuery("SELECT 1").close();
            st.execute("SELECT 2");
            try (var ps = c.prepareStatement("SELECT ?::int")) {
                ps.setInt(1, 3);
                ps.executeQuery().close();
            }
        }
        assertThat(counter.count()).isEqualTo(3);
    }
}
