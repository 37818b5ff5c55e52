package dev.stagegate.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh database for one test class, on the JVM's one {@link TestServer}.
 *
 * <pre>{@code @RegisterExtension static final TestDatabase db = new TestDatabase();}</pre>
 *
 * The database is created before the class's first test and dropped (with its sessions) after
 * the last one, so classes never see each other's objects.
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private String name;

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        String base = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT);
        name = "t_" + base.replaceAll("[^a-z0-9]", "_") + "_" + ProcessHandle.current().pid() + "_"
                + SEQUENCE.incrementAndGet();
        if (name.length() > 60) {
            name = name.substring(name.length() - 60);
        }
        try (Connection c = server().connect(server().adminDb()); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + quote(name));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        if (name != null) {
            try (Connection c = server().connect(server().adminDb()); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
            }
        }
    }

    public TestServer server() {
        return TestPostgres.server();
    }

    public String name() {
        if (name == null) {
            throw new IllegalStateException("TestDatabase is used before its class started; register it as a static field");
        }
        return name;
    }

    public String jdbcUrl() {
        return server().jdbcUrl(name());
    }

    public String user() {
        return server().adminUser();
    }

    public String password() {
        return server().adminPassword();
    }

    /** A new connection as the server's admin (superuser on embedded). */
    public Connection connect() throws SQLException {
        return server().connect(name());
    }

    /** Runs SQL (may hold several statements) as the admin, autocommit. */
    public void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** First column of the first row, as a long. */
    public long queryLong(String sql) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
