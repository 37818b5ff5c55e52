package dev.stagegate.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Proxy;
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
    }

    @Test
    void twoInstancesGetDifferentDatabasesThatDoNotSeeEachOther() throws Exception {
        TestDatabase a = new TestDatabase();
        TestDatabase b = new TestDatabase();
        a.beforeAll(context());
        try {
            b.beforeAll(context());
            try {
                assertThat(a.name()).isNotEqualTo(b.name()).isNotEqualTo(db.name());
                a.execute("CREATE TABLE only_in_a (id int); INSERT INTO only_in_a VALUES (1)");
                assertThat(a.queryLong("SELECT count(*) FROM only_in_a")).isEqualTo(1);
                assertThat(b.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'only_in_a'")).isZero();
                assertThat(db.queryLong("SELECT count(*) FROM pg_class WHERE relname = 'only_in_a'")).isZero();
                try (Connection c = b.connect()) {
                    assertThat(c.getCatalog()).isEqualTo(b.name());
                }
            } finally {
                b.afterAll(context());
            }
        } finally {
            a.afterAll(context());
        }
    }

    @Test
    void afterAllDropsTheDatabaseEvenWithASessionStillOpen() throws Exception {
        TestDatabase scratch = new TestDatabase();
        scratch.beforeAll(context());
        String name = scratch.name();
        assertThat(databaseExists(name)).isTrue();
        try (Connection left = scratch.connect()) {
            assertThat(left.isValid(5)).isTrue();
            scratch.afterAll(context());
            assertThat(databaseExists(name)).isFalse();
        }
    }

    private boolean databaseExists(String name) throws Exception {
        try (Connection c = db.connect(); var ps = c.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        }
    }

    /** The one thing TestDatabase asks of its context: the test class. */
    private static ExtensionContext context() {
        return (ExtensionContext) Proxy.newProxyInstance(ExtensionContext.class.getClassLoader(),
                new Class<?>[]{ExtensionContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getRequiredTestClass")) {
                        return TestDatabaseTest.class;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
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
