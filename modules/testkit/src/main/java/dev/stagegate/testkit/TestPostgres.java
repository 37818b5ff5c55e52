package dev.stagegate.testkit;

import dev.stagegate.embedded.EmbeddedPostgresServer;
import org.postgresql.Driver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Decides, once per JVM, where tests get their PostgreSQL:
 * <ol>
 *   <li>{@code STAGEGATE_TEST_JDBC_URL} (with {@code user}/{@code password} in the URL or in
 *       {@code STAGEGATE_TEST_USER}/{@code STAGEGATE_TEST_PASSWORD}) when set;</li>
 *   <li>Testcontainers ({@code postgres:<major>} image) when a Docker engine answers;</li>
 *   <li>otherwise the embedded PostgreSQL 15, which is what runs on machines without Docker.</li>
 * </ol>
 */
public final class TestPostgres {

    public static final String URL_VARIABLE = "STAGEGATE_TEST_JDBC_URL";
    public static final String IMAGE_VARIABLE = "STAGEGATE_TEST_IMAGE";

    private static TestServer server;

    private TestPostgres() {
    }

    public static synchronized TestServer server() {
        if (server == null) {
            server = choose();
        }
        return server;
    }

    private static TestServer choose() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return external(url);
        }
        if (dockerLooksAvailable()) {
            TestServer containerServer = ContainerServer.tryStart(
                    System.getenv().getOrDefault(IMAGE_VARIABLE, "postgres:" + EmbeddedPostgresServer.MAJOR_VERSION));
            if (containerServer != null) {
                return containerServer;
            }
        }
        EmbeddedPostgresServer embedded = EmbeddedPostgresServer.shared();
        return new TestServer("embedded", embedded.host(), embedded.port(), EmbeddedPostgresServer.SUPERUSER,
                null, "postgres", EmbeddedPostgresServer.MAJOR_VERSION);
    }

    private static TestServer external(String url) {
        Properties parsed = Driver.parseURL(url, new Properties());
        if (parsed == null) {
            throw new IllegalStateException(URL_VARIABLE + " is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)");
        }
        String host = parsed.getProperty("PGHOST", "localhost").split(",")[0];
        int port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]);
        String db = parsed.getProperty("PGDBNAME", "postgres");
        String user = System.getenv().getOrDefault("STAGEGATE_TEST_USER", parsed.getProperty("user", "postgres"));
        String password = System.getenv().getOrDefault("STAGEGATE_TEST_PASSWORD", parsed.getProperty("password"));
        TestServer probe = new TestServer("external", host, port, user, password, db, 0);
        try (Connection c = probe.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW server_version_num")) {
            rs.next();
            return new TestServer("external", host, port, user, password, db, rs.getInt(1) / 10000);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + URL_VARIABLE + " server " + host + ":" + port
                    + " (" + e.getSQLState() + ")", e);
        }
    }

    /** Cheap check before touching Testcontainers: a socket or DOCKER_HOST must exist. */
    private static boolean dockerLooksAvailable() {
        if ("false".equalsIgnoreCase(System.getenv("STAGEGATE_TEST_DOCKER"))) {
            return false;
        }
        return System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
    }
}
